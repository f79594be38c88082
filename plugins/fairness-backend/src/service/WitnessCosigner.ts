import { Config } from '@backstage/config';
import {
  CosignerVerifier,
  bytesToBase64,
  parseCosignerKey,
  verifyCosignatureLine,
} from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import path from 'node:path';

/** A configured witness: its add-checkpoint URL and cosigning key. */
export type WitnessEndpoint = {
  name: string;
  url: string;
  /** Its key; read when needed, so a key file may appear after start. */
  verifier: () => CosignerVerifier;
};

/** What one round of cosigning obtained. */
export type CosignResult = {
  /** The note with the quorum's cosignatures; undefined without a quorum. */
  note?: string;
  cosignedBy: string[];
  /** One line per witness that did not cosign, with its answer. */
  failures: string[];
};

/** How long one witness may take to answer. */
const WITNESS_TIMEOUT_MS = 10_000;

/** Reads `fairness.witnesses` and `fairness.witnessQuorum`; undefined when none. */
export function readWitnessConfig(
  config: Config,
): { witnesses: WitnessEndpoint[]; quorum: number } | undefined {
  const entries = config.getOptionalConfigArray('fairness.witnesses') ?? [];
  if (entries.length === 0) return undefined;
  const witnesses = entries.map(entry => {
    const url = new URL(entry.getString('url'));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`fairness.witnesses url '${url}' must be http(s)`);
    }
    const name = entry.getString('name');
    const named = (vkey: string) => {
      const key = parseCosignerKey(vkey);
      if (key.name !== name) {
        throw new Error(
          `fairness.witnesses '${name}': its key is named '${key.name}'`,
        );
      }
      return key;
    };
    const key = entry.getOptionalString('key');
    const keyFile = entry.getOptionalString('keyFile');
    if (!key === !keyFile) {
      throw new Error(
        `fairness.witnesses '${name}': set exactly one of key and keyFile`,
      );
    }
    const fixed = key ? named(key) : undefined;
    return {
      name,
      url: url.toString().replace(/\/+$/, ''),
      verifier: () =>
        fixed ?? named(fs.readFileSync(path.resolve(keyFile!), 'utf8')),
    };
  });
  const quorum =
    config.getOptionalNumber('fairness.witnessQuorum') ?? witnesses.length;
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > witnesses.length) {
    throw new Error(
      `fairness.witnessQuorum must be 1..${witnesses.length}, got ${quorum}`,
    );
  }
  return { witnesses, quorum };
}

/**
 * Submits each new checkpoint to the configured witnesses (C2SP
 * tlog-witness add-checkpoint) with a consistency proof from the size each
 * witness last cosigned, and returns the note with their cosignatures once
 * `quorum` of them cosigned. Witness URLs come from config only.
 */
export class WitnessCosigner {
  /** The size each witness last cosigned (or reported in a 409). */
  readonly #known = new Map<string, number>();

  constructor(
    private readonly witnesses: WitnessEndpoint[],
    private readonly quorum: number,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async cosign(
    note: string,
    treeSize: number,
    consistencyProof: (oldSize: number) => Promise<Uint8Array[]>,
  ): Promise<CosignResult> {
    const body = note.slice(0, note.indexOf('\n\n') + 1);
    const answers = await Promise.all(
      this.witnesses.map(w =>
        this.#submit(w, note, body, treeSize, consistencyProof).catch(
          (error: Error) => ({ failure: `${w.name}: ${error.message}` }),
        ),
      ),
    );
    const lines: string[] = [];
    const cosignedBy: string[] = [];
    const failures: string[] = [];
    answers.forEach((answer, i) => {
      if ('line' in answer) {
        lines.push(answer.line);
        cosignedBy.push(this.witnesses[i].name);
      } else {
        failures.push(answer.failure);
      }
    });
    return {
      note:
        cosignedBy.length >= this.quorum
          ? `${note}${lines.map(l => `${l}\n`).join('')}`
          : undefined,
      cosignedBy,
      failures,
    };
  }

  async #submit(
    witness: WitnessEndpoint,
    note: string,
    body: string,
    treeSize: number,
    consistencyProof: (oldSize: number) => Promise<Uint8Array[]>,
  ): Promise<{ line: string } | { failure: string }> {
    const verifier = witness.verifier();
    let oldSize = Math.min(this.#known.get(witness.name) ?? 0, treeSize);
    // One retry: a 409 tells the size the witness actually holds.
    for (let attempt = 0; attempt < 2; attempt++) {
      const proof = await consistencyProof(oldSize);
      const response = await this.fetchFn(`${witness.url}/add-checkpoint`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        body: `old ${oldSize}\n${proof
          .map(h => `${bytesToBase64(h)}\n`)
          .join('')}\n${note}`,
        redirect: 'error',
        signal: AbortSignal.timeout(WITNESS_TIMEOUT_MS),
      });
      const text = (await response.text()).slice(0, 500);
      if (response.ok) {
        const line = text
          .split('\n')
          .find(l => verifyCosignatureLine(body, l, verifier));
        if (!line) {
          return {
            failure: `${witness.name}: answered without a valid cosignature by its configured key`,
          };
        }
        this.#known.set(witness.name, treeSize);
        return { line };
      }
      const reported = /^(0|[1-9][0-9]*)\n?$/.exec(text);
      if (
        response.status === 409 &&
        response.headers.get('content-type')?.startsWith('text/x.tlog.size') &&
        reported
      ) {
        const size = Number(reported[1]);
        this.#known.set(witness.name, size);
        if (size > treeSize) {
          return {
            failure: `${witness.name}: it already cosigned size ${size}, larger than this checkpoint's ${treeSize} (the log went back)`,
          };
        }
        if (size !== oldSize) {
          oldSize = size;
          continue;
        }
      }
      return {
        failure: `${witness.name}: HTTP ${response.status} ${text.trim()}`,
      };
    }
    return { failure: `${witness.name}: size conflict persisted` };
  }
}
