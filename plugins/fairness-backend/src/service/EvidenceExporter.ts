import { ConflictError, NotFoundError } from '@backstage/errors';
import { EVIDENCE_FORMAT, bytesToHex } from '@internal/plugin-fairness-common';
import { FairnessStore, RoundFilter } from '../database/FairnessStore';
import { FairnessLogReader } from './FairnessLogReader';
import { toFairnessRound } from './toFairnessRound';

/** Rounds read and proven at a time while streaming an export. */
const EXPORT_PAGE = 1000;

/** Streams evidence bundles (`GET /evidence`) that an offline verifier checks. */
export class EvidenceExporter {
  constructor(
    private readonly deps: {
      store: FairnessStore;
      reader: FairnessLogReader;
    },
  ) {}

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
    const head = await this.deps.reader.latestTreeHead();
    const after = options.after ?? -1;
    const covered = { ...filter, leafIndexBelow: head?.treeSize ?? 0 };
    let size = Math.min(EXPORT_PAGE, options.limit);
    const first = await this.deps.store.listRounds({
      ...covered,
      afterLeafIndex: after,
      limit: size,
    });
    const notYetCovered = await this.deps.store.countRounds({
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
        fromRoot: bytesToHex(await this.deps.reader.rootAt(fromSize)),
        proof: (
          await this.deps.reader.consistencyProof(fromSize, head!.treeSize)
        ).map(bytesToHex),
      });
    }
    const json = JSON.stringify;
    yield `{"format":${json(EVIDENCE_FORMAT)},"exportedAt":${json(
      new Date().toISOString(),
    )},"scope":${json(options.scope)},"verifierKey":${json(
      this.deps.reader.verifierKey,
    )},"checkpoint":${json(head!.note)},"anchor":${json(
      head!.anchor,
    )},"consistencyProofs":${json(consistencyProofs)},"rounds":[`;

    const seedHashes = new Set<string>();
    let page = first;
    let written = 0;
    let last = after;
    while (page.length > 0) {
      const proofs = await this.deps.reader.inclusionProofs(
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
          ? await this.deps.store.listRounds({
              ...covered,
              afterLeafIndex: last,
              limit: size,
            })
          : [];
    }
    const more =
      written === options.limit &&
      (
        await this.deps.store.listRounds({
          ...covered,
          afterLeafIndex: last,
          limit: 1,
        })
      ).length > 0;
    const seeds = (await this.deps.store.getSeedPairs([...seedHashes])).map(
      s => ({
        serverSeedHash: s.serverSeedHash,
        clientSeed: s.clientSeed,
        serverSeed: s.serverSeed,
      }),
    );
    yield `],"seeds":${json(seeds)},"page":${json({
      after: options.after ?? null,
      limit: options.limit,
      next: more ? last : null,
      notYetCovered,
    })}}`;
  }
}
