import {
  ProbeObservation,
  NodeHealthEvaluation,
} from '@internal/plugin-chain-nodes-common';

/**
 * What the poller keeps of a node's latest probe in the status table, and the
 * reader turns into the API's status. The one shape both sides agree on.
 */
export interface LastResult {
  observation: ProbeObservation;
  evaluation: NodeHealthEvaluation;
  chainHead?: number;
}

/** Meta key of the last Hetzner server list (written by the poller). */
export const HETZNER_SNAPSHOT_KEY = 'hetzner_snapshot';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
