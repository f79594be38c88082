import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  CheckOutcome,
  CheckStatus,
  EvidenceBundle,
  FairnessRound,
  GameResult,
} from '@internal/plugin-fairness-common';

/** A round as the log stores it. @public */
export type StoredRound = FairnessRound & {
  leafIndex: number;
  leafHash: string;
  ingestedAt: string;
};

/** @public */
export type RoundQuery = {
  roundId?: string;
  /** Rounds whose id starts with this text. */
  roundIdPrefix?: string;
  gameServerId?: string;
  playerId?: string;
  game?: string;
  serverSeedHash?: string;
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
};

/** One page of a round search, newest first. @public */
export type RoundPage = {
  items: StoredRound[];
  /** All rounds matching the query. */
  total: number;
  /** Rounds at or past this leaf index are newer than the last signed tree head. */
  signedTreeSize: number;
  /** Pass as `before` for the next (older) page; null on the last. */
  next: number | null;
};

/** @public */
export type RoundVerification = {
  round: StoredRound;
  seed: {
    serverSeedHash: string;
    clientSeed: string;
    serverSeed: string | null;
    revealedAt: string | null;
  } | null;
  recomputed: GameResult | null;
  treeHead: {
    treeSize: number;
    timestampMs: number;
    rootHash: string;
    anchor: { chainId: string; txHash: string; data: string } | null;
  } | null;
  checks: {
    commitment: CheckOutcome;
    result: CheckOutcome;
    inclusion: CheckOutcome & { anchor?: CheckOutcome };
  };
  /** Audit path of the leaf to the signed root (hex); null until a signed head covers it. */
  inclusionProof: string[] | null;
  ok: boolean;
  /** verified, pending (seed still active or leaf not signed yet) or failed. */
  status: CheckStatus;
};

/** @public */
export type VerificationPage = {
  checked: number;
  total: number;
  treeSize: number;
  /** Rounds newer than the signed tree head (inclusion checked once signed). */
  notYetCovered: number;
  /** Rounds whose server seed is still active (recomputed once revealed). */
  pending: number;
  failures: Array<{
    leafIndex: number;
    roundId: string | null;
    check: string;
    reason: string;
  }>;
  next: number | null;
};

/** @public */
export type TreeHeads = {
  origin: string;
  verifierKey: string;
  anchoring: string;
  items: Array<{
    id: number;
    treeSize: number;
    rootHash: string;
    timestampMs: number;
    anchor: { txHash: string } | null;
  }>;
};

/** @public */
export type EvidenceQuery = Pick<
  RoundQuery,
  'roundId' | 'serverSeedHash' | 'playerId' | 'game' | 'from' | 'to'
> & {
  /** Tree size of a checkpoint the auditor kept: the bundle then proves the log extends it. */
  consistencyFrom?: number;
};

/** Scope and page of a regulator evidence pack. @public */
export type EvidencePackQuery = {
  playerId?: string;
  gameServerId?: string;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  /** Continue after this leaf index (the previous pack's `next`). */
  after?: number;
  limit?: number;
};

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
  getTreeHeads(): Promise<TreeHeads>;
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
