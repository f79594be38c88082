import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EvidenceBundle,
  EvidencePackQuery,
  EvidenceQuery,
  RoundPage,
  RoundQuery,
  RoundVerification,
  TreeHeadList,
  VerificationPage,
} from '@internal/plugin-fairness-common';
import { EvidencePackProgress, FairnessApi } from './FairnessApi';

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** {@link FairnessApi} over the fairness backend's HTTP API. @public */
export class FairnessClient implements FairnessApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  searchRounds(q: RoundQuery) {
    return this.request<RoundPage>(`/rounds${query(q)}`);
  }

  verifyRound(roundId: string) {
    return this.request<RoundVerification>(
      `/rounds/${encodeURIComponent(roundId)}/verification`,
    );
  }

  verifyRange(q: EvidenceQuery & { after?: number; limit?: number }) {
    return this.request<VerificationPage>(`/verification/rounds${query(q)}`);
  }

  getTreeHeads() {
    return this.request<TreeHeadList>('/tree-heads?limit=5');
  }

  async getLatestCheckpoint() {
    const response = await this.fetch('/tree-heads/latest');
    return response.text();
  }

  exportEvidence(q: EvidenceQuery) {
    return this.request<EvidenceBundle>(`/evidence${query(q)}`);
  }

  async getReceipt(roundId: string) {
    const response = await this.fetch(
      `/rounds/${encodeURIComponent(roundId)}/receipt`,
    );
    return response.text();
  }

  async getEvidencePack(
    q: EvidencePackQuery,
    format: 'ndjson' | 'markdown',
    options: { onProgress?: (progress: EvidencePackProgress) => void } = {},
  ) {
    const response = await this.fetch(
      `/evidence-pack${query({ ...q, format })}`,
    );
    const { onProgress } = options;
    if (!onProgress || !response.body) return response.text();
    // Long packs stream: read them as they come and report progress.
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let bytes = 0;
    let rounds = 0;
    let counted = 0; // text before this index has been scanned for round lines
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
      const end = text.lastIndexOf('\n') + 1;
      for (const line of text.slice(counted, end).split('\n')) {
        if (line.startsWith('{"type":"round"')) rounds += 1;
      }
      counted = Math.max(counted, end);
      onProgress({ bytes, rounds });
    }
    return text + decoder.decode();
  }

  private async fetch(path: string): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('fairness');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async request<T>(path: string): Promise<T> {
    return (await (await this.fetch(path)).json()) as T;
  }
}
