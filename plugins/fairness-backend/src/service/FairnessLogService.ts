import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AppendResult,
  CheckOutcome,
  EVIDENCE_FORMAT,
  FairnessRound,
  LeafRange,
  RoundVerification,
  SeedStatus,
  StoredRound,
  TreeHead,
  VerificationFailure,
  VerificationPage,
  WitnessingStatus,
  NoteSigner,
  TreeNodeId,
  bytesEqual,
  bytesToHex,
  checkCommitment,
  combinedStatus,
  checkResult,
  checkpointAnchorData,
  consistencyProofRanges,
  emptyRoot,
  hashServerSeed,
  hexToBytes,
  inclusionProofRanges,
  nodesForRanges,
  rangeHash,
  roundLeafHash,
  signCheckpoint,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@internal/plugin-fairness-common';
import { CheckpointPublisher } from './CheckpointPublisher';
import { WitnessCosigner } from './WitnessCosigner';
import { FairnessStore, RoundFilter, nodeKey } from '../database/FairnessStore';
import { TreeHeadAnchor } from './anchor';

type NodeMap = Map<string, Uint8Array>;

const MISSING_NODE = new Uint8Array(32);

/** Rounds read and proven at a time while streaming an export. */
const EXPORT_PAGE = 1000;

function toFairnessRound(round: StoredRound): FairnessRound {
  const { leafIndex: _l, leafHash: _h, ingestedAt: _i, ...rest } = round;
  return rest;
}

/** The log's business logic: appends, proofs, signed heads, verification and evidence. */
export class FairnessLogService {
  private constructor(
    private readonly store: FairnessStore,
    private readonly signer: NoteSigner,
    private readonly logger: LoggerService,
    private readonly anchor?: TreeHeadAnchor,
    private readonly witnesses?: WitnessCosigner,
    checkpointIntervalMs?: number,
  ) {
    this.#publisher =
      checkpointIntervalMs === undefined
        ? undefined
        : new CheckpointPublisher({
            publish: () => this.publishCheckpoint(),
            intervalMs: checkpointIntervalMs,
            logger,
          });
  }

  #witnessing: WitnessingStatus | undefined;
  readonly #publisher: CheckpointPublisher | undefined;

  static create(options: {
    store: FairnessStore;
    signer: NoteSigner;
    logger: LoggerService;
    anchor?: TreeHeadAnchor;
    /** When set, only checkpoints a witness quorum cosigned are published. */
    witnesses?: WitnessCosigner;
    /**
     * When set, a checkpoint covering ingested rounds is published (signed,
     * cosigned, anchored) at most this long after them, plus the time that
     * takes; otherwise only by the schedule or an auditor.
     */
    checkpointIntervalMs?: number;
  }) {
    return new FairnessLogService(
      options.store,
      options.signer,
      options.logger,
      options.anchor,
      options.witnesses,
      options.checkpointIntervalMs,
    );
  }

  /** Stops publishing after ingest (waits for a publication under way). */
  async close(): Promise<void> {
    await this.#publisher?.stop();
  }

  get origin() {
    return this.signer.name;
  }

  get verifierKey() {
    return this.signer.verifierKey;
  }

  get anchoring() {
    return this.anchor !== undefined;
  }

  async ingest(rounds: FairnessRound[]): Promise<AppendResult[]> {
    const results = await this.store.appendRounds(rounds);
    if (results.some(r => !r.duplicate)) this.#publisher?.notify();
    return results;
  }

  async #read(ranges: LeafRange[]): Promise<(id: TreeNodeId) => Uint8Array> {
    const nodes = await this.store.readNodes(nodesForRanges(ranges));
    return (id: TreeNodeId) => nodes.get(nodeKey(id)) ?? MISSING_NODE;
  }

  async rootAt(treeSize: number): Promise<Uint8Array> {
    if (treeSize === 0) return emptyRoot();
    const range = { start: 0, end: treeSize };
    return rangeHash(range, await this.#read([range]));
  }

  async inclusionProofs(
    leafIndexes: number[],
    treeSize: number,
  ): Promise<Map<number, Uint8Array[]>> {
    const rangesByLeaf = leafIndexes.map(
      i => [i, inclusionProofRanges(i, treeSize)] as const,
    );
    const out = new Map<number, Uint8Array[]>();
    // Bounded memory: proofs for up to 20,000 leaves share one node lookup.
    for (let i = 0; i < rangesByLeaf.length; i += 20_000) {
      const page = rangesByLeaf.slice(i, i + 20_000);
      const read = await this.#read(page.flatMap(([, ranges]) => ranges));
      page.forEach(([leaf, ranges]) =>
        out.set(
          leaf,
          ranges.map(r => rangeHash(r, read)),
        ),
      );
    }
    return out;
  }

  async inclusionProof(
    leafIndex: number,
    treeSize: number,
  ): Promise<Uint8Array[]> {
    return (await this.inclusionProofs([leafIndex], treeSize)).get(leafIndex)!;
  }

  async consistencyProof(
    fromSize: number,
    toSize: number,
  ): Promise<Uint8Array[]> {
    const ranges = consistencyProofRanges(fromSize, toSize);
    const read = await this.#read(ranges);
    return ranges.map(r => rangeHash(r, read));
  }

  /**
   * Signs a new tree head when the tree grew (or always with `force`), after
   * checking the new tree is consistent with the previous signed head, then
   * anchors it when a chain is configured (unless `anchor: false`).
   */
  async signTreeHead(
    options: { force?: boolean; anchor?: boolean } = {},
  ): Promise<TreeHead | undefined> {
    const head = await this.store.addTreeHead(
      async (latest, treeSize, readNodes) => {
        if (latest && latest.treeSize === treeSize && !options.force) {
          return undefined;
        }
        const range = { start: 0, end: treeSize };
        const ranges = latest
          ? [range, ...consistencyProofRanges(latest.treeSize, treeSize)]
          : [range];
        const nodes: NodeMap = await readNodes(nodesForRanges(ranges));
        const read = (id: TreeNodeId) => nodes.get(nodeKey(id)) ?? MISSING_NODE;
        const root = treeSize === 0 ? emptyRoot() : rangeHash(range, read);
        if (latest) {
          const proof = consistencyProofRanges(latest.treeSize, treeSize).map(
            r => rangeHash(r, read),
          );
          if (
            !verifyConsistency(
              latest.treeSize,
              treeSize,
              hexToBytes(latest.rootHash),
              root,
              proof,
            )
          ) {
            throw new Error(
              `refusing to sign: the tree of size ${treeSize} is not consistent with signed tree head ${latest.id} (size ${latest.treeSize}); the log was altered`,
            );
          }
        }
        const timestampMs = Math.max(
          Date.now(),
          (latest?.timestampMs ?? 0) + 1,
        );
        const note = signCheckpoint(
          {
            origin: this.signer.name,
            treeSize,
            rootHash: root,
            timestamp: timestampMs,
          },
          this.signer,
        );
        return { treeSize, rootHash: bytesToHex(root), timestampMs, note };
      },
    );
    if (head && options.anchor !== false) await this.#anchorHead(head);
    return head;
  }

  async #anchorHead(head: TreeHead): Promise<void> {
    if (!this.anchor) return;
    const data = checkpointAnchorData(head.note);
    try {
      const anchored = await this.anchor.anchor(data);
      await this.store.addAnchor(head.id, { ...anchored, data });
      head.anchor = { ...anchored, data };
    } catch (error) {
      this.logger.warn(
        `could not anchor tree head ${head.id}: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Signs a head over the current tree when it grew, submits it to the
   * witnesses, then anchors it: the checkpoint is published as soon as the
   * quorum cosigned, without waiting for the chain.
   */
  async publishCheckpoint(): Promise<TreeHead | undefined> {
    const head = await this.signTreeHead({ anchor: false });
    // The head just signed needs no reading back; without one, the latest
    // may still wait for its cosignatures.
    await (head ? this.#witness(head) : this.witnessLatest());
    if (head) await this.#anchorHead(head);
    return head;
  }

  /**
   * Submits the latest signed head to the witnesses unless it is already
   * witnessed, and records it as published once the quorum cosigned.
   * Without a quorum the previous witnessed checkpoint stays published and
   * the failure is logged and reported by {@link witnessingStatus}.
   */
  async witnessLatest(): Promise<WitnessingStatus | undefined> {
    if (!this.witnesses) return undefined;
    const head = await this.store.getLatestTreeHead();
    if (!head) return undefined;
    const published = await this.store.getLatestWitnessedTreeHead();
    if (published?.id === head.id) {
      this.#witnessing = { ok: true, treeSize: head.treeSize, failures: [] };
      return this.#witnessing;
    }
    return this.#witness(head);
  }

  /** Has `head` cosigned and records it as published once the quorum did. */
  async #witness(head: TreeHead): Promise<WitnessingStatus | undefined> {
    if (!this.witnesses) return undefined;
    const result = await this.witnesses.cosign(head.note, head.treeSize, old =>
      this.consistencyProof(old, head.treeSize),
    );
    if (result.note) {
      await this.store.addWitnessedCheckpoint(head.id, result.note);
    } else {
      const published = await this.store.getLatestWitnessedTreeHead();
      if ((published?.id ?? -1) > head.id) {
        // Another replica signed and published a newer head meanwhile (the
        // witness refused this one as older): nothing is missing.
        this.#witnessing = { ok: true, treeSize: head.treeSize, failures: [] };
        return this.#witnessing;
      }
      this.logger.warn(
        `tree head ${head.id} of size ${
          head.treeSize
        } did not reach the witness quorum; checkpoint of size ${
          published?.treeSize ?? 0
        } stays published: ${result.failures.join('; ')}`,
      );
    }
    this.#witnessing = {
      ok: result.note !== undefined,
      treeSize: head.treeSize,
      failures: result.failures,
    };
    return this.#witnessing;
  }

  /** The last witnessing attempt of this replica; undefined without witnesses. */
  witnessingStatus(): WitnessingStatus | undefined {
    return this.#witnessing;
  }

  /**
   * The head served as the log's checkpoint (GET /checkpoint, tiles,
   * receipts): with witnesses configured the latest one a quorum cosigned,
   * its note carrying the cosignatures; otherwise the latest signed head.
   */
  publishedTreeHead(): Promise<TreeHead | undefined> {
    return this.witnesses
      ? this.store.getLatestWitnessedTreeHead()
      : this.store.getLatestTreeHead();
  }

  /**
   * The latest signed head, or undefined before the first one. Reads never
   * sign: heads come from the schedule (or an auditor's POST), so rounds
   * newer than this head are reported as not yet covered.
   */
  latestTreeHead(): Promise<TreeHead | undefined> {
    return this.store.getLatestTreeHead();
  }

  /** Like {@link latestTreeHead}, for routes that cannot answer without one. */
  async requireTreeHead(): Promise<TreeHead> {
    const head = await this.store.getLatestTreeHead();
    if (!head) {
      throw new NotFoundError(
        'The log has no signed tree head yet; the backend signs one on its schedule',
      );
    }
    return head;
  }

  async getRound(roundId: string): Promise<StoredRound> {
    const round = await this.store.getRound(roundId);
    if (!round) throw new NotFoundError(`Unable to find round '${roundId}'`);
    return round;
  }

  async verifyRound(roundId: string): Promise<RoundVerification> {
    const round = await this.getRound(roundId);
    const seed = (await this.store.getSeedPair(round.serverSeedHash)) ?? null;
    const commitment = checkCommitment(round, seed?.serverSeed);
    const result = checkResult(toFairnessRound(round), seed?.serverSeed);
    const head = await this.latestTreeHead();
    let inclusionProof: string[] | null = null;
    const inclusion: CheckOutcome & { anchor?: CheckOutcome } = head
      ? await this.#checkInclusion(round, head, proof => {
          inclusionProof = proof.map(bytesToHex);
        })
      : {
          ok: false,
          pending: true,
          reason: `leaf ${round.leafIndex} is not yet covered by a signed tree head: the log has none yet`,
        };
    return {
      round,
      seed,
      recomputed: result.recomputed ?? null,
      treeHead: head
        ? {
            treeSize: head.treeSize,
            timestampMs: head.timestampMs,
            rootHash: head.rootHash,
            anchor: head.anchor,
          }
        : null,
      checks: {
        commitment,
        result: {
          ok: result.ok,
          ...(result.pending ? { pending: true } : {}),
          reason: result.reason,
        },
        inclusion,
      },
      inclusionProof,
      ok: commitment.ok && result.ok && inclusion.ok,
      status: combinedStatus([commitment, result, inclusion]),
    };
  }

  async #checkInclusion(
    round: StoredRound,
    head: TreeHead,
    onProof: (proof: Uint8Array[]) => void,
  ): Promise<CheckOutcome & { anchor?: CheckOutcome }> {
    let signed;
    try {
      signed = verifyCheckpoint(head.note, this.signer.verifierKey);
    } catch (error) {
      return {
        ok: false,
        reason: `latest tree head does not verify: ${(error as Error).message}`,
      };
    }
    if (round.leafIndex >= signed.treeSize) {
      return {
        ok: false,
        pending: true,
        reason: `leaf ${round.leafIndex} is not yet covered by a signed tree head: the latest has size ${signed.treeSize}, the next scheduled signing will cover it`,
      };
    }
    const proof = await this.inclusionProof(round.leafIndex, signed.treeSize);
    onProof(proof);
    const ok = verifyInclusion(
      roundLeafHash(toFairnessRound(round)),
      round.leafIndex,
      signed.treeSize,
      proof,
      signed.rootHash,
    );
    const outcome: CheckOutcome & { anchor?: CheckOutcome } = ok
      ? {
          ok,
          reason: `leaf ${round.leafIndex} is included in the signed tree head of size ${signed.treeSize} (${proof.length}-hash proof)`,
        }
      : {
          ok,
          reason: `the round as stored now does not hash to leaf ${round.leafIndex} of the signed tree head of size ${signed.treeSize}: it was changed after it was logged`,
        };
    if (!this.anchor) {
      outcome.anchor = { ok: true, reason: 'anchoring is not configured' };
    } else if (!head.anchor) {
      outcome.anchor = { ok: true, reason: 'tree head not anchored yet' };
    } else {
      const expected = checkpointAnchorData(head.note);
      try {
        outcome.anchor =
          head.anchor.data !== expected
            ? {
                ok: false,
                reason: `anchor records ${head.anchor.data}, the signed note hashes to ${expected}`,
              }
            : await this.anchor.check(head.anchor.txHash, expected);
      } catch (error) {
        outcome.anchor = {
          ok: true,
          reason: `anchor ${head.anchor.txHash} not checked: ${
            (error as Error).message
          }`,
        };
      }
      if (!outcome.anchor.ok) {
        outcome.ok = false;
        outcome.reason += `; ${outcome.anchor.reason}`;
      }
    }
    return outcome;
  }

  /** Verifies a page of rounds matching the filter (a seed's range or a time range). */
  async verifyRounds(
    filter: RoundFilter,
    page: { after?: number; limit: number },
  ): Promise<VerificationPage> {
    const rounds = await this.store.listRounds({
      ...filter,
      afterLeafIndex: page.after,
      limit: page.limit,
    });
    const total = await this.store.countRounds(filter);
    const last = rounds.length ? rounds[rounds.length - 1].leafIndex : -1;
    const head = await this.latestTreeHead();
    const signed = head
      ? verifyCheckpoint(head.note, this.signer.verifierKey)
      : { treeSize: 0, rootHash: emptyRoot() };
    const seeds = new Map(
      (await this.store.getSeedPairs(rounds.map(r => r.serverSeedHash))).map(
        s => [s.serverSeedHash, s],
      ),
    );
    const proofs = await this.inclusionProofs(
      rounds.filter(r => r.leafIndex < signed.treeSize).map(r => r.leafIndex),
      signed.treeSize,
    );
    const commitments = new Map<string, CheckOutcome>();
    const failures: VerificationFailure[] = [];
    let uncovered = 0;
    let pending = 0;
    for (const round of rounds) {
      const seed = seeds.get(round.serverSeedHash);
      let commitment = commitments.get(round.serverSeedHash);
      if (!commitment) {
        commitment = checkCommitment(round, seed?.serverSeed);
        commitments.set(round.serverSeedHash, commitment);
      }
      const where = { leafIndex: round.leafIndex, roundId: round.roundId };
      if (commitment.pending) pending += 1;
      else if (!commitment.ok)
        failures.push({
          ...where,
          check: 'commitment',
          reason: commitment.reason,
        });
      const result = checkResult(toFairnessRound(round), seed?.serverSeed);
      if (!result.ok && !result.pending)
        failures.push({ ...where, check: 'result', reason: result.reason });
      const proof = proofs.get(round.leafIndex);
      if (!proof) {
        uncovered += 1; // newer than the signed head: checked once signed
      } else if (
        !verifyInclusion(
          roundLeafHash(toFairnessRound(round)),
          round.leafIndex,
          signed.treeSize,
          proof,
          signed.rootHash,
        )
      ) {
        failures.push({
          ...where,
          check: 'inclusion',
          reason: `round does not hash to leaf ${round.leafIndex} of the signed tree head (size ${signed.treeSize})`,
        });
      }
    }
    return {
      checked: rounds.length,
      total,
      treeSize: signed.treeSize,
      notYetCovered: uncovered,
      pending,
      failures,
      next: rounds.length === page.limit ? last : null,
    };
  }

  /**
   * Verifies a page of the whole log against the latest signed tree head:
   * every leaf index present, every stored round hashing to the leaf the
   * signed tree holds at its index. Failures name the leaf.
   */
  async verifyLog(page: {
    after?: number;
    limit: number;
  }): Promise<VerificationPage> {
    const head = await this.latestTreeHead();
    const signed = head
      ? verifyCheckpoint(head.note, this.signer.verifierKey)
      : { treeSize: 0, rootHash: emptyRoot() };
    const start = (page.after ?? -1) + 1;
    const end = Math.min(start + page.limit, signed.treeSize);
    const rows =
      start < end ? await this.store.getRoundsByLeafRange(start, end) : [];
    const byIndex = new Map(rows.map(r => [r.leafIndex, r]));
    const indexes = Array.from(
      { length: Math.max(0, end - start) },
      (_, i) => start + i,
    );
    const proofs = await this.inclusionProofs(indexes, signed.treeSize);
    const failures: VerificationFailure[] = [];
    for (const leafIndex of indexes) {
      const round = byIndex.get(leafIndex);
      if (!round) {
        failures.push({
          leafIndex,
          roundId: null,
          check: 'leaf',
          reason: `leaf ${leafIndex} is missing: its round was deleted`,
        });
        continue;
      }
      const recomputed = roundLeafHash(toFairnessRound(round));
      if (
        !verifyInclusion(
          recomputed,
          leafIndex,
          signed.treeSize,
          proofs.get(leafIndex)!,
          signed.rootHash,
        )
      ) {
        const edited = !bytesEqual(recomputed, hexToBytes(round.leafHash));
        failures.push({
          leafIndex,
          roundId: round.roundId,
          check: 'leaf',
          reason: edited
            ? `leaf ${leafIndex} (round '${round.roundId}'): the stored round no longer matches the leaf hash recorded at ingest — it was edited`
            : `leaf ${leafIndex} (round '${round.roundId}'): this round is not the one the signed tree holds at index ${leafIndex} — rows were swapped, inserted or the tree was rewritten`,
        });
      }
    }
    return {
      checked: indexes.length,
      total: signed.treeSize,
      treeSize: signed.treeSize,
      notYetCovered: Math.max(
        0,
        (await this.store.getTreeSize()) - signed.treeSize,
      ),
      pending: 0,
      failures,
      next: end < signed.treeSize ? end - 1 : null,
    };
  }

  /**
   * A self-contained evidence bundle for the rounds matching the filter that
   * the latest signed head covers, as JSON text in chunks: at most `limit`
   * rounds (read and proven a page at a time, so memory stays flat), then
   * `page.next` to continue with `after`. The first chunk is only produced
   * once the export is known to succeed, so errors are still plain 4xx.
   */
  async *exportEvidence(
    filter: RoundFilter,
    options: {
      consistencyFrom?: number[];
      after?: number;
      limit: number;
      scope: string;
    },
  ): AsyncGenerator<string> {
    const head = await this.latestTreeHead();
    const after = options.after ?? -1;
    const covered = { ...filter, leafIndexBelow: head?.treeSize ?? 0 };
    let size = Math.min(EXPORT_PAGE, options.limit);
    const first = await this.store.listRounds({
      ...covered,
      afterLeafIndex: after,
      limit: size,
    });
    const notYetCovered = await this.store.countRounds({
      ...filter,
      leafIndexFrom: Math.max(head?.treeSize ?? 0, after + 1),
    });
    if (first.length === 0) {
      throw notYetCovered > 0
        ? new ConflictError(
            `The ${notYetCovered} rounds matching ${options.scope} are not yet covered by a signed tree head; the backend signs one on its schedule`,
          )
        : new NotFoundError(`No rounds match ${options.scope}`);
    }
    const consistencyProofs = [];
    for (const fromSize of options.consistencyFrom ?? []) {
      if (fromSize > head!.treeSize) continue;
      consistencyProofs.push({
        fromSize,
        fromRoot: bytesToHex(await this.rootAt(fromSize)),
        proof: (await this.consistencyProof(fromSize, head!.treeSize)).map(
          bytesToHex,
        ),
      });
    }
    const json = JSON.stringify;
    yield `{"format":${json(EVIDENCE_FORMAT)},"exportedAt":${json(
      new Date().toISOString(),
    )},"scope":${json(options.scope)},"verifierKey":${json(
      this.signer.verifierKey,
    )},"checkpoint":${json(head!.note)},"anchor":${json(
      head!.anchor,
    )},"consistencyProofs":${json(consistencyProofs)},"rounds":[`;

    const seedHashes = new Set<string>();
    let page = first;
    let written = 0;
    let last = after;
    while (page.length > 0) {
      const proofs = await this.inclusionProofs(
        page.map(r => r.leafIndex),
        head!.treeSize,
      );
      const items = page.map(round =>
        json({
          leafIndex: round.leafIndex,
          round: toFairnessRound(round),
          inclusionProof: proofs.get(round.leafIndex)!.map(bytesToHex),
        }),
      );
      yield `${written === 0 ? '' : ','}${items.join(',')}`;
      written += items.length;
      page.forEach(r => seedHashes.add(r.serverSeedHash));
      last = page[page.length - 1].leafIndex;
      const left = options.limit - written;
      const full = page.length === size;
      size = Math.min(EXPORT_PAGE, left);
      page =
        full && left > 0
          ? await this.store.listRounds({
              ...covered,
              afterLeafIndex: last,
              limit: size,
            })
          : [];
    }
    const more =
      written === options.limit &&
      (
        await this.store.listRounds({
          ...covered,
          afterLeafIndex: last,
          limit: 1,
        })
      ).length > 0;
    const seeds = (await this.store.getSeedPairs([...seedHashes])).map(s => ({
      serverSeedHash: s.serverSeedHash,
      clientSeed: s.clientSeed,
      serverSeed: s.serverSeed,
    }));
    yield `],"seeds":${json(seeds)},"page":${json({
      after: options.after ?? null,
      limit: options.limit,
      next: more ? last : null,
      notYetCovered,
    })}}`;
  }

  commitSeed(pair: {
    serverSeedHash: string;
    clientSeed: string;
    gameServerId: string;
  }) {
    return this.store.commitSeed(pair);
  }

  revealSeed(serverSeedHash: string, serverSeed: string, gameServerId: string) {
    return this.store.revealSeed(serverSeedHash, serverSeed, gameServerId);
  }

  async getSeed(serverSeedHash: string): Promise<SeedStatus> {
    const seed = await this.store.getSeedPair(serverSeedHash);
    if (!seed)
      throw new NotFoundError(`Unable to find seed pair ${serverSeedHash}`);
    return {
      ...seed,
      rounds: await this.store.countRounds({ serverSeedHash }),
      revealMatches:
        seed.serverSeed === null
          ? null
          : hashServerSeed(seed.serverSeed) === serverSeedHash,
    };
  }

  searchRounds(
    filter: RoundFilter & { beforeLeafIndex?: number; limit: number },
  ) {
    return this.store.searchRounds(filter);
  }

  countRounds(filter: RoundFilter) {
    return this.store.countRounds(filter);
  }

  listTreeHeads(limit: number) {
    return this.store.listTreeHeads(limit);
  }
}
