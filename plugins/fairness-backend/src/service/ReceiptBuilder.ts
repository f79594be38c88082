import { ConflictError, NotFoundError } from '@backstage/errors';
import { formatReceipt } from '@internal/plugin-fairness-common';
import { FairnessStore } from '../database/FairnessStore';
import { FairnessLogReader } from './FairnessLogReader';

/**
 * Builds a round's receipt (C2SP tlog-proof) against the latest signed
 * checkpoint: what a player or auditor keeps and verifies offline with
 * `fairness-verify receipt`, without the portal.
 */
export class ReceiptBuilder {
  constructor(
    private readonly store: FairnessStore,
    private readonly reader: FairnessLogReader,
  ) {}

  async build(roundId: string): Promise<string> {
    const stored = await this.store.getRound(roundId);
    if (!stored) {
      throw new NotFoundError(`Unable to find round '${roundId}'`);
    }
    const head = await this.reader.publishedTreeHead();
    if (!head || stored.leafIndex >= head.treeSize) {
      throw new ConflictError(
        `round '${roundId}' (leaf ${
          stored.leafIndex
        }) is not covered by a published checkpoint yet (size ${
          head?.treeSize ?? 0
        }); its receipt is ready after the next tree head`,
      );
    }
    const {
      leafIndex,
      leafHash: _leafHash,
      ingestedAt: _ingestedAt,
      ...round
    } = stored;
    const pair = await this.store.getSeedPair(round.serverSeedHash);
    return formatReceipt({
      round,
      serverSeed: pair?.serverSeed ?? null,
      index: leafIndex,
      proof: await this.reader.inclusionProof(leafIndex, head.treeSize),
      checkpointNote: head.note,
    });
  }
}
