import { createApiRef } from '@backstage/frontend-plugin-api';
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

/** How much of a streamed evidence pack has arrived. @public */
export type EvidencePackProgress = {
  bytes: number;
  /** Complete round lines received (NDJSON only). */
  rounds: number;
};

/** Client of the fairness backend. @public */
export interface FairnessApi {
  searchRounds(query: RoundQuery): Promise<RoundPage>;
  verifyRound(roundId: string): Promise<RoundVerification>;
  verifyRange(
    query: EvidenceQuery & { after?: number; limit?: number },
  ): Promise<VerificationPage>;
  getTreeHeads(): Promise<TreeHeadList>;
  /** The latest signed tree head as a C2SP signed note, for auditors to keep. */
  getLatestCheckpoint(): Promise<string>;
  exportEvidence(query: EvidenceQuery): Promise<EvidenceBundle>;
  /**
   * A round's receipt (C2SP tlog-proof: the round, its seed once revealed,
   * its inclusion proof and the checkpoint) to keep and verify offline with
   * `fairness-verify receipt`.
   */
  getReceipt(roundId: string): Promise<string>;
  /**
   * A regulator evidence pack (fairness-evidence-pack/v1, NDJSON signed by
   * the log) or its readable Markdown summary, as text.
   */
  getEvidencePack(
    query: EvidencePackQuery,
    format: 'ndjson' | 'markdown',
    options?: {
      /** Called as the streamed pack arrives: bytes so far, round lines so far. */
      onProgress?: (progress: EvidencePackProgress) => void;
    },
  ): Promise<string>;
}

/** @public */
export const fairnessApiRef = createApiRef<FairnessApi>({
  id: 'plugin.fairness.api',
});
