import {
  AppendResult,
  FairnessRound,
  SeedPair,
} from '@internal/plugin-fairness-common';
import { FairnessStore } from '../database/FairnessStore';

/**
 * The writer game servers reach over HTTP: appends rounds and commits and
 * reveals seeds. Tells `onAppended` when rounds were new, so a checkpoint
 * covering them is published soon (see {@link CheckpointPublisher}).
 */
export class RoundIngester {
  constructor(
    private readonly deps: {
      store: FairnessStore;
      onAppended?: () => void;
    },
  ) {}

  async ingest(rounds: FairnessRound[]): Promise<AppendResult[]> {
    const results = await this.deps.store.appendRounds(rounds);
    if (results.some(r => !r.duplicate)) this.deps.onAppended?.();
    return results;
  }

  commitSeed(pair: {
    serverSeedHash: string;
    clientSeed: string;
    gameServerId: string;
  }): Promise<SeedPair> {
    return this.deps.store.commitSeed(pair);
  }

  revealSeed(
    serverSeedHash: string,
    serverSeed: string,
    gameServerId: string,
  ): Promise<SeedPair> {
    return this.deps.store.revealSeed(serverSeedHash, serverSeed, gameServerId);
  }
}
