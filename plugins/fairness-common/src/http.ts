/*
 * The fairness backend's HTTP contract: what its routes take in the query
 * string and answer as JSON. The backend builds these values and the
 * frontend reads them, so both compile against the one declaration here.
 */
import { GameResult } from './games';
import { CheckOutcome, CheckStatus, FairnessRound } from './round';

/** A round as the log stores it, with its place in the Merkle tree. @public */
export type StoredRound = FairnessRound & {
  leafIndex: number;
  /** The leaf hash recorded when the round was appended (lowercase hex). */
  leafHash: string;
  ingestedAt: string;
};

/** Outcome of appending one round (`POST /rounds`, each of `POST /rounds/batch`). @public */
export type AppendResult = {
  roundId: string;
  leafIndex: number;
  /** True when an identical round had already been recorded. */
  duplicate: boolean;
};

/** `POST /rounds/batch`. @public */
export type BatchAppendResponse = {
  results: AppendResult[];
};

/** A server seed commitment and, once rotated, its reveal. @public */
export type SeedPair = {
  serverSeedHash: string;
  clientSeed: string;
  /** The owning game server: the service principal that committed the pair or logged its first round. */
  gameServerId: string;
  createdAt: string;
  serverSeed: string | null;
  revealedAt: string | null;
};

/** `GET /seeds/:serverSeedHash`. @public */
export type SeedStatus = SeedPair & {
  /** Rounds logged under this seed pair. */
  rounds: number;
  /** Whether the revealed seed hashes to the commitment; null before the reveal. */
  revealMatches: boolean | null;
};

/** Where a tree head was anchored on chain. @public */
export type TreeHeadAnchor = { chainId: string; txHash: string; data: string };

/** A signed tree head (`POST /tree-heads`, items of `GET /tree-heads`). @public */
export type TreeHead = {
  id: number;
  treeSize: number;
  rootHash: string;
  timestampMs: number;
  /** The C2SP signed note. */
  note: string;
  anchor: TreeHeadAnchor | null;
};

/** The outcome of the latest submission of a tree head to the witnesses. @public */
export type WitnessingStatus = {
  /** Whether that head reached the quorum and is published. */
  ok: boolean;
  treeSize: number;
  failures: string[];
};

/** `GET /tree-heads`: the log's identity and its newest signed heads. @public */
export type TreeHeadList = {
  origin: string;
  verifierKey: string;
  anchoring: 'configured' | 'not configured';
  /** Null without witnesses; ok false while the newest head lacks a quorum. */
  witnessing: WitnessingStatus | null;
  /** Newest first. */
  items: TreeHead[];
};

/** Query of `GET /rounds`. @public */
export type RoundQuery = {
  roundId?: string;
  /** Rounds whose id starts with this text. */
  roundIdPrefix?: string;
  gameServerId?: string;
  playerId?: string;
  game?: string;
  serverSeedHash?: string;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  /** Continue with rounds older than this leaf index (the previous page's `next`). */
  before?: number;
  limit?: number;
};

/** `GET /rounds`: one page of a round search, newest first. @public */
export type RoundPage = {
  items: StoredRound[];
  /** All rounds matching the query. */
  total: number;
  /** Rounds at or past this leaf index are newer than the last signed tree head. */
  signedTreeSize: number;
  /** Pass as `before` for the next (older) page; null on the last. */
  next: number | null;
};

/** `GET /rounds/:roundId/verification`: the three checks an auditor sees for one round. @public */
export type RoundVerification = {
  round: StoredRound;
  seed: SeedPair | null;
  recomputed: GameResult | null;
  treeHead: {
    treeSize: number;
    timestampMs: number;
    rootHash: string;
    anchor: TreeHeadAnchor | null;
  } | null;
  checks: {
    commitment: CheckOutcome;
    result: CheckOutcome;
    inclusion: CheckOutcome & { anchor?: CheckOutcome };
  };
  /** The audit path of the round's leaf to the signed root (lowercase hex, leaf side first); null until a signed head covers it. */
  inclusionProof: string[] | null;
  ok: boolean;
  /** verified, pending (seed still active or leaf not yet signed) or failed. */
  status: CheckStatus;
};

/** A failure found while verifying many rounds or the whole log. @public */
export type VerificationFailure = {
  leafIndex: number;
  roundId: string | null;
  check: 'commitment' | 'result' | 'inclusion' | 'leaf';
  reason: string;
};

/** `GET /verification/rounds` and `GET /verification/log`: one page of a verification. @public */
export type VerificationPage = {
  checked: number;
  total: number;
  treeSize: number;
  /** Rounds logged after the signed head; they are checked once a head covers them. */
  notYetCovered: number;
  /** Rounds on this page whose server seed is still active: not failed, recomputed once revealed. */
  pending: number;
  failures: VerificationFailure[];
  /** Pass as `after` to continue; null when done. */
  next: number | null;
};

/** `GET /proofs/inclusion` (hashes in lowercase hex). @public */
export type InclusionProofResponse = {
  leafIndex: number;
  treeSize: number;
  proof: string[];
};

/** `GET /proofs/consistency` (hashes in lowercase hex). @public */
export type ConsistencyProofResponse = {
  from: number;
  to: number;
  proof: string[];
};

/** Query of `GET /evidence` and `GET /verification/rounds`. @public */
export type EvidenceQuery = Pick<
  RoundQuery,
  'roundId' | 'serverSeedHash' | 'playerId' | 'game' | 'from' | 'to'
> & {
  /** Tree size of a checkpoint the auditor kept: the bundle then proves the log extends it. */
  consistencyFrom?: number;
};

/** Query of `GET /evidence-pack`: scope and page of a regulator evidence pack. @public */
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
