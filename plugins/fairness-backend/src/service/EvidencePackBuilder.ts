import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  EVIDENCE_PACK_FORMAT,
  EvidencePackScope,
  NoteSigner,
  bytesToHex,
  createPackWriter,
  packOutcome,
  StoredRound,
  rtpByGame,
} from '@internal/plugin-fairness-common';
import { FairnessStore } from '../database/FairnessStore';
import { FairnessLogReader } from './FairnessLogReader';

/** Rounds read and proven at a time. */
const PAGE = 500;

function toRound(stored: StoredRound) {
  const { leafIndex: _l, leafHash: _h, ingestedAt: _i, ...round } = stored;
  return round;
}

/**
 * Builds the regulator evidence pack (`fairness-evidence-pack/v1`) for a
 * player, a game server and/or a played-at range: every round the published
 * (witnessed) checkpoint covers, its inclusion proof and recomputed outcome,
 * its seeds' commitment and reveal, and RTP per game against the configured
 * theoretical RTP, signed with the log's key. Streams line by line.
 */
export class EvidencePackBuilder {
  constructor(
    private readonly store: FairnessStore,
    private readonly reader: FairnessLogReader,
    private readonly signer: NoteSigner,
    private readonly theoreticalRtp: Record<string, number>,
  ) {}

  /**
   * The pack's lines. The first is produced only once the pack is known to
   * succeed, so a caller still gets a plain 404/409 before any byte.
   */
  async *build(
    scope: EvidencePackScope,
    page: { after?: number; limit: number },
    describe: string,
  ): AsyncGenerator<string> {
    const head = await this.reader.publishedTreeHead();
    const size = head?.treeSize ?? 0;
    const after = page.after ?? -1;
    const filter = { ...scope, leafIndexBelow: size };
    let requested = Math.min(PAGE, page.limit);
    let rounds = await this.store.listRounds({
      ...filter,
      afterLeafIndex: after,
      limit: requested,
    });
    const notYetCovered = await this.store.countRounds({
      ...scope,
      leafIndexFrom: Math.max(size, after + 1),
    });
    if (rounds.length === 0) {
      throw notYetCovered > 0
        ? new ConflictError(
            `The ${notYetCovered} rounds matching ${describe} are not yet covered by a published checkpoint; the backend signs one on its schedule`,
          )
        : new NotFoundError(`No rounds match ${describe}`);
    }
    const writer = createPackWriter(this.signer);
    yield writer.add({
      type: 'header',
      format: EVIDENCE_PACK_FORMAT,
      generatedAt: new Date().toISOString(),
      scope,
      log: { origin: this.signer.name, verifierKey: this.signer.verifierKey },
      checkpoint: head!.note,
      page: { after: page.after ?? null, limit: page.limit },
    });

    const seeds = new Map<string, string | null>();
    const totals: Parameters<typeof rtpByGame>[0] = [];
    let written = 0;
    let last = after;
    while (rounds.length > 0) {
      const missing = [
        ...new Set(
          rounds.map(r => r.serverSeedHash).filter(h => !seeds.has(h)),
        ),
      ];
      for (const pair of await this.store.getSeedPairs(missing)) {
        seeds.set(pair.serverSeedHash, pair.serverSeed);
      }
      const proofs = await this.reader.inclusionProofs(
        rounds.map(r => r.leafIndex),
        size,
      );
      let lines = '';
      for (const stored of rounds) {
        const round = toRound(stored);
        lines += writer.add({
          type: 'round',
          leafIndex: stored.leafIndex,
          round,
          inclusionProof: proofs.get(stored.leafIndex)!.map(bytesToHex),
          outcome: packOutcome(round, seeds.get(round.serverSeedHash) ?? null),
        });
        const { game, currency, wagerMinor, payoutMinor } = round;
        totals.push({ game, currency, wagerMinor, payoutMinor });
      }
      yield lines;
      written += rounds.length;
      last = rounds[rounds.length - 1].leafIndex;
      const full = rounds.length === requested;
      requested = Math.min(PAGE, page.limit - written);
      rounds =
        full && requested > 0
          ? await this.store.listRounds({
              ...filter,
              afterLeafIndex: last,
              limit: requested,
            })
          : [];
    }

    let lines = '';
    for (const pair of await this.store.getSeedPairs([...seeds.keys()])) {
      lines += writer.add({
        type: 'seed',
        serverSeedHash: pair.serverSeedHash,
        clientSeed: pair.clientSeed,
        gameServerId: pair.gameServerId,
        committedAt: pair.createdAt,
        serverSeed: pair.serverSeed,
        revealedAt: pair.revealedAt,
      });
    }
    for (const row of rtpByGame(totals, this.theoreticalRtp)) {
      lines += writer.add(row);
    }
    const more =
      written === page.limit &&
      (
        await this.store.listRounds({
          ...filter,
          afterLeafIndex: last,
          limit: 1,
        })
      ).length > 0;
    lines += writer.add({
      type: 'end',
      rounds: written,
      next: more ? last : null,
      notYetCovered,
    });
    yield lines + writer.finish();
  }
}
