import { FairnessRound, StoredRound } from '@internal/plugin-fairness-common';

/** The round as the game server sent it: what its leaf hashes. */
export function toFairnessRound(round: StoredRound): FairnessRound {
  const { leafIndex: _l, leafHash: _h, ingestedAt: _i, ...rest } = round;
  return rest;
}
