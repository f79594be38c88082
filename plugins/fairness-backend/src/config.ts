import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import { readTheoreticalRtp } from './service/theoreticalRtp';
import { WitnessEndpoint, readWitnessConfig } from './service/WitnessCosigner';

/**
 * The plugin's settings, read from `fairness` with defaults applied. The
 * signing key is read apart, by `loadSigner`, which may create a dev key.
 */
export interface FairnessConfig {
  /** `fairness.anchor`: JSON-RPC anchoring of tree heads; undefined when not configured. */
  anchor?: { rpcUrl: string; from?: string };
  treeHeads: {
    /** How often the scheduled task signs and publishes a head (default 30 s). */
    frequency: HumanDuration;
    /** Publishes a checkpoint this long after ingest; undefined: only on the schedule. */
    checkpointIntervalMs?: number;
  };
  /** Whether `/checkpoint` and `/tile` are served without sign-in. */
  publicTiles: boolean;
  /** The witnesses that must cosign a checkpoint before it is published. */
  witnessing?: { witnesses: WitnessEndpoint[]; quorum: number };
  /** Certified theoretical RTP per game, for evidence packs. */
  theoreticalRtp: Record<string, number>;
}

export function readFairnessConfig(config: Config): FairnessConfig {
  const rpcUrl = config.getOptionalString('fairness.anchor.rpcUrl');
  return {
    anchor: rpcUrl
      ? { rpcUrl, from: config.getOptionalString('fairness.anchor.from') }
      : undefined,
    treeHeads: {
      frequency: config.has('fairness.treeHeads.frequency')
        ? readDurationFromConfig(
            config.getConfig('fairness.treeHeads.frequency'),
          )
        : { seconds: 30 },
      checkpointIntervalMs: config.has('fairness.treeHeads.checkpointInterval')
        ? durationToMilliseconds(
            readDurationFromConfig(
              config.getConfig('fairness.treeHeads.checkpointInterval'),
            ),
          )
        : undefined,
    },
    publicTiles: config.getOptionalBoolean('fairness.tiles.public') ?? false,
    witnessing: readWitnessConfig(config),
    theoreticalRtp: readTheoreticalRtp(config),
  };
}
