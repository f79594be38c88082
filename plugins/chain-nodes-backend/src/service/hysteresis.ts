import { ChainNodeState } from '@internal/plugin-chain-nodes-common';
import { NodeStatusRecord } from '../database/ChainNodesStore';

type Streak = Pick<
  NodeStatusRecord,
  | 'observedState'
  | 'observedSince'
  | 'observedCount'
  | 'confirmedState'
  | 'confirmedSince'
>;

/**
 * Folds one probe's state into a node's status. The confirmed state (which
 * produces events and notifications) only changes after `confirmAfter`
 * consecutive probes agree, so a node flapping between two states every
 * probe never notifies anyone. The first probe of a node is confirmed at once
 * but reported as `initial`: the poller notifies it only when the node is not
 * healthy from the start.
 */
export function advanceNodeStatus(
  previous: Streak | undefined,
  observed: ChainNodeState,
  now: number,
  confirmAfter: number,
): {
  next: Streak;
  change?: { from: ChainNodeState; to: ChainNodeState; initial: boolean };
} {
  if (!previous) {
    return {
      next: {
        observedState: observed,
        observedSince: now,
        observedCount: 1,
        confirmedState: observed,
        confirmedSince: now,
      },
      change: { from: 'unknown', to: observed, initial: true },
    };
  }

  const sameStreak = previous.observedState === observed;
  const next: Streak = {
    observedState: observed,
    observedSince: sameStreak ? previous.observedSince : now,
    observedCount: sameStreak ? previous.observedCount + 1 : 1,
    confirmedState: previous.confirmedState,
    confirmedSince: previous.confirmedSince,
  };
  if (
    observed !== previous.confirmedState &&
    next.observedCount >= confirmAfter
  ) {
    next.confirmedState = observed;
    next.confirmedSince = next.observedSince;
    return {
      next,
      change: { from: previous.confirmedState, to: observed, initial: false },
    };
  }
  return { next };
}
