import {
  RoundVerification,
  StoredRound,
} from '@internal/plugin-fairness-common';

export const round: StoredRound = {
  roundId: 'demo-1',
  game: 'dice',
  gameParams: { target: 50.5, direction: 'over' },
  gameServerId: 'demo-game-server',
  playerId: 'player-alice',
  serverSeedHash: 'ab'.repeat(32),
  clientSeed: 'alice-1',
  nonce: 4,
  result: 42.5,
  wagerMinor: 1000,
  payoutMinor: 0,
  currency: 'EUR',
  playedAt: '2026-11-27T10:00:00.000Z',
  leafIndex: 17,
  leafHash: 'cd'.repeat(32),
  ingestedAt: '2026-11-27T10:00:01.000Z',
};

export const verified: RoundVerification = {
  round,
  seed: {
    serverSeedHash: round.serverSeedHash,
    clientSeed: 'alice-1',
    gameServerId: 'demo-game-server',
    createdAt: '2026-11-27T09:00:00.000Z',
    serverSeed: 'seed',
    revealedAt: '2026-11-27T10:05:00.000Z',
  },
  recomputed: 42.5,
  treeHead: {
    treeSize: 40,
    timestampMs: 1795000000000,
    rootHash: 'ef'.repeat(32),
    anchor: null,
  },
  checks: {
    commitment: {
      ok: true,
      reason: 'sha256(serverSeed) = abab… matches the commitment',
    },
    result: {
      ok: true,
      reason: 'recomputed dice result 42.5 equals the recorded result',
    },
    inclusion: {
      ok: true,
      reason:
        'leaf 17 is included in the signed tree head of size 40 (6-hash proof)',
      anchor: { ok: true, reason: 'anchoring is not configured' },
    },
  },
  inclusionProof: ['01'.repeat(32), '02'.repeat(32)],
  ok: true,
  status: 'verified',
};
