import {
  AppendResult,
  FairnessRound,
  SeedPair,
  RoundQuery,
  StoredRound,
  TreeHead,
  TreeNodeId,
} from '@internal/plugin-fairness-common';

/** A round search in the store: `GET /rounds`'s filters, plus leaf bounds. */
export type RoundFilter = Omit<RoundQuery, 'before' | 'limit'> & {
  /** Leaf index bounds: inclusive from, exclusive below. */
  leafIndexFrom?: number;
  leafIndexBelow?: number;
};

/** Storage of the append-only log. Every method is safe under concurrent use. */
export interface FairnessStore {
  /**
   * Appends rounds in order, in one transaction: either all new rounds get
   * consecutive leaf indexes or nothing is written. Identical resubmissions
   * are reported as duplicates; any conflict throws a ConflictError naming
   * the offending round. A round may only go into a seed pair of its own
   * game server (NotAllowedError naming the owner), and must read back
   * exactly as sent (InputError otherwise). Concurrent calls may share a
   * transaction (group commit); each is checked and refused on its own.
   */
  appendRounds(rounds: FairnessRound[]): Promise<AppendResult[]>;
  /** Registers a commitment owned by `gameServerId`; another server gets NotAllowedError. */
  commitSeed(pair: {
    serverSeedHash: string;
    clientSeed: string;
    gameServerId: string;
  }): Promise<SeedPair>;
  /** Reveals a seed of the pair `gameServerId` owns; another server gets NotAllowedError. */
  revealSeed(
    serverSeedHash: string,
    serverSeed: string,
    gameServerId: string,
  ): Promise<SeedPair>;
  getSeedPair(serverSeedHash: string): Promise<SeedPair | undefined>;
  getSeedPairs(serverSeedHashes: string[]): Promise<SeedPair[]>;
  getRound(roundId: string): Promise<StoredRound | undefined>;
  /** Newest first, paging by leaf index. */
  searchRounds(
    filter: RoundFilter & { beforeLeafIndex?: number; limit: number },
  ): Promise<StoredRound[]>;
  /** Oldest first, paging by leaf index. */
  listRounds(
    filter: RoundFilter & { afterLeafIndex?: number; limit: number },
  ): Promise<StoredRound[]>;
  countRounds(filter: RoundFilter): Promise<number>;
  /** Rows by leaf index, in order; missing indexes are simply absent. */
  getRoundsByLeafRange(start: number, end: number): Promise<StoredRound[]>;
  getTreeSize(): Promise<number>;
  /** Perfect subtree hashes keyed `${level}:${index}`. */
  readNodes(nodes: TreeNodeId[]): Promise<Map<string, Uint8Array>>;
  getLatestTreeHead(): Promise<TreeHead | undefined>;
  getTreeHead(id: number): Promise<TreeHead | undefined>;
  /** The latest head a witness quorum cosigned, its note with the cosignatures. */
  getLatestWitnessedTreeHead(): Promise<TreeHead | undefined>;
  /** Records the cosigned note of a head; a head is recorded once. */
  addWitnessedCheckpoint(treeHeadId: number, note: string): Promise<void>;
  listTreeHeads(limit: number): Promise<TreeHead[]>;
  /**
   * Serializes with other signers, not with appends: `build` sees the tree
   * size last committed, and the perfect-subtree nodes below it never change.
   */
  addTreeHead(
    build: (
      latest: TreeHead | undefined,
      treeSize: number,
      readNodes: (nodes: TreeNodeId[]) => Promise<Map<string, Uint8Array>>,
    ) => Promise<Omit<TreeHead, 'id' | 'anchor'> | undefined>,
  ): Promise<TreeHead | undefined>;
  /** A stored full tile or entry bundle by its tlog-tiles path. */
  getTile(path: string): Promise<Uint8Array | undefined>;
  /**
   * Stores a full tile the first time it is produced. A tile already stored
   * is kept as it is (tiles are never rewritten); returns the stored bytes.
   */
  putTile(path: string, data: Uint8Array): Promise<Uint8Array>;
  addAnchor(
    treeHeadId: number,
    anchor: { chainId: string; txHash: string; data: string },
  ): Promise<void>;
}

export const nodeKey = ({ level, index }: TreeNodeId) => `${level}:${index}`;
