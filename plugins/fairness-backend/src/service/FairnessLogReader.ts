import { NotFoundError } from '@backstage/errors';
import {
  SeedStatus,
  StoredRound,
  TreeHead,
  WitnessingStatus,
  hashServerSeed,
} from '@internal/plugin-fairness-common';
import { FairnessStore, RoundFilter } from '../database/FairnessStore';
import { TreeProofs } from './TreeProofs';

/**
 * The log as the read routes see it: its identity, rounds, seeds, signed
 * heads and proofs. Never signs and never writes: heads come from the
 * {@link TreeHeadPublisher}.
 */
export class FairnessLogReader {
  constructor(
    private readonly deps: {
      store: FairnessStore;
      proofs: TreeProofs;
      /** The log's name (the checkpoint origin) and public key. */
      identity: { name: string; verifierKey: string };
      anchoring: boolean;
      /** Whether checkpoints are only published once witnesses cosigned them. */
      witnessed: boolean;
      /** The publisher's last witnessing attempt in this replica. */
      witnessingStatus?: () => WitnessingStatus | undefined;
    },
  ) {}

  get origin() {
    return this.deps.identity.name;
  }

  get verifierKey() {
    return this.deps.identity.verifierKey;
  }

  get anchoring() {
    return this.deps.anchoring;
  }

  /** The last witnessing attempt of this replica; undefined without witnesses. */
  witnessingStatus(): WitnessingStatus | undefined {
    return this.deps.witnessingStatus?.();
  }

  /**
   * The head served as the log's checkpoint (GET /checkpoint, tiles,
   * receipts): with witnesses configured the latest one a quorum cosigned,
   * its note carrying the cosignatures; otherwise the latest signed head.
   */
  publishedTreeHead(): Promise<TreeHead | undefined> {
    return this.deps.witnessed
      ? this.deps.store.getLatestWitnessedTreeHead()
      : this.deps.store.getLatestTreeHead();
  }

  /**
   * The latest signed head, or undefined before the first one. Reads never
   * sign: heads come from the schedule (or an auditor's POST), so rounds
   * newer than this head are reported as not yet covered.
   */
  latestTreeHead(): Promise<TreeHead | undefined> {
    return this.deps.store.getLatestTreeHead();
  }

  /** Like {@link latestTreeHead}, for routes that cannot answer without one. */
  async requireTreeHead(): Promise<TreeHead> {
    const head = await this.deps.store.getLatestTreeHead();
    if (!head) {
      throw new NotFoundError(
        'The log has no signed tree head yet; the backend signs one on its schedule',
      );
    }
    return head;
  }

  listTreeHeads(limit: number): Promise<TreeHead[]> {
    return this.deps.store.listTreeHeads(limit);
  }

  async getRound(roundId: string): Promise<StoredRound> {
    const round = await this.deps.store.getRound(roundId);
    if (!round) throw new NotFoundError(`Unable to find round '${roundId}'`);
    return round;
  }

  searchRounds(
    filter: RoundFilter & { beforeLeafIndex?: number; limit: number },
  ): Promise<StoredRound[]> {
    return this.deps.store.searchRounds(filter);
  }

  countRounds(filter: RoundFilter): Promise<number> {
    return this.deps.store.countRounds(filter);
  }

  async getSeed(serverSeedHash: string): Promise<SeedStatus> {
    const seed = await this.deps.store.getSeedPair(serverSeedHash);
    if (!seed)
      throw new NotFoundError(`Unable to find seed pair ${serverSeedHash}`);
    return {
      ...seed,
      rounds: await this.deps.store.countRounds({ serverSeedHash }),
      revealMatches:
        seed.serverSeed === null
          ? null
          : hashServerSeed(seed.serverSeed) === serverSeedHash,
    };
  }

  rootAt(treeSize: number): Promise<Uint8Array> {
    return this.deps.proofs.rootAt(treeSize);
  }

  inclusionProofs(
    leafIndexes: number[],
    treeSize: number,
  ): Promise<Map<number, Uint8Array[]>> {
    return this.deps.proofs.inclusionProofs(leafIndexes, treeSize);
  }

  inclusionProof(leafIndex: number, treeSize: number): Promise<Uint8Array[]> {
    return this.deps.proofs.inclusionProof(leafIndex, treeSize);
  }

  consistencyProof(fromSize: number, toSize: number): Promise<Uint8Array[]> {
    return this.deps.proofs.consistencyProof(fromSize, toSize);
  }
}
