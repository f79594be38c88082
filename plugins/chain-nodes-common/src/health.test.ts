import {
  ChainHealthRules,
  computeChainHead,
  compareStateWorstFirst,
  evaluateNodeHealth,
  ProbeObservation,
} from '.';

const rules: ChainHealthRules = {
  expectedChainId: 31337,
  minPeers: 2,
  maxBlocksBehind: 5,
  blockTimeSeconds: 2,
  maxBlockAgeFactor: 10,
  maxLatencyMs: 500,
};
const now = Date.parse('2026-11-27T12:00:00Z');
const nowSeconds = now / 1000;

function healthy(overrides: Partial<ProbeObservation> = {}): ProbeObservation {
  return {
    reachable: true,
    latencyMs: 12,
    chainId: 31337,
    blockNumber: 100,
    syncing: false,
    peerCount: 4,
    clientVersion: 'Geth/v1.14.0',
    latestBlockTimestamp: nowSeconds - 2,
    ...overrides,
  };
}

describe('computeChainHead', () => {
  it('is the highest height a majority of reachable nodes on the right chain reached', () => {
    expect(
      computeChainHead(
        [
          healthy({ blockNumber: 90 }),
          healthy({ blockNumber: 120 }),
          healthy({ blockNumber: 118 }),
          healthy({ blockNumber: 5000, chainId: 1 }),
          { reachable: false, error: 'unreachable' },
        ],
        rules,
      ),
    ).toBe(118);
  });

  it('never takes one node’s claim: a fake node reporting a huge block does not move the head', () => {
    const honest = [
      healthy({ blockNumber: 100 }),
      healthy({ blockNumber: 101 }),
    ];
    const fake = healthy({ blockNumber: 9_000_000_000 });
    // Two of three reached 101 (the fake claims more): an honest height.
    expect(computeChainHead([...honest, fake], rules)).toBe(101);
    expect(computeChainHead([honest[1], fake], rules)).toBe(101);
    const head = computeChainHead([...honest, fake], rules);
    for (const o of honest) {
      expect(
        evaluateNodeHealth({ observation: o, rules, chainHead: head, now })
          .state,
      ).toBe('healthy');
    }
  });

  it('is the single node’s height when only one answered', () => {
    expect(computeChainHead([healthy({ blockNumber: 77 })], rules)).toBe(77);
  });

  it('is undefined when no node answered', () => {
    expect(computeChainHead([{ reachable: false }], rules)).toBeUndefined();
  });
});

describe('evaluateNodeHealth', () => {
  it('is healthy when every rule holds', () => {
    expect(
      evaluateNodeHealth({
        observation: healthy(),
        rules,
        chainHead: 102,
        now,
      }),
    ).toEqual({
      state: 'healthy',
      reasons: [],
      blocksBehind: 2,
      blockAgeSeconds: 2,
    });
  });

  it('is down with the probe error when unreachable', () => {
    const result = evaluateNodeHealth({
      observation: {
        reachable: false,
        error: 'unreachable: connection refused (ECONNREFUSED)',
      },
      rules,
      chainHead: 100,
      now,
    });
    expect(result.state).toBe('down');
    expect(result.reasons).toEqual([
      'unreachable: connection refused (ECONNREFUSED)',
    ]);
  });

  it('is down on the wrong chain, and not counted as lagging', () => {
    const result = evaluateNodeHealth({
      observation: healthy({ chainId: 1, blockNumber: 3 }),
      rules,
      chainHead: 100,
      now,
    });
    expect(result).toMatchObject({
      state: 'down',
      reasons: ['wrong chain: reports chain id 1, expected 31337'],
    });
    expect(result.blocksBehind).toBeUndefined();
  });

  it('is down when the Hetzner server is off', () => {
    const result = evaluateNodeHealth({
      observation: { reachable: false, error: 'timeout after 3000 ms' },
      server: { source: 'hetzner-api', serverId: 42, status: 'off' },
      rules,
      now,
    });
    expect(result.state).toBe('down');
    expect(result.reasons).toEqual([
      'Hetzner server is off',
      'timeout after 3000 ms',
    ]);
  });

  it('is degraded beyond maxBlocksBehind and names head and limit', () => {
    const result = evaluateNodeHealth({
      observation: healthy({ blockNumber: 90 }),
      rules,
      chainHead: 100,
      now,
    });
    expect(result.state).toBe('degraded');
    expect(result.reasons).toEqual([
      '10 blocks behind the chain head 100 (limit 5)',
    ]);
  });

  it('allows exactly maxBlocksBehind', () => {
    expect(
      evaluateNodeHealth({
        observation: healthy({ blockNumber: 95 }),
        rules,
        chainHead: 100,
        now,
      }).state,
    ).toBe('healthy');
  });

  it('collects every broken rule', () => {
    const result = evaluateNodeHealth({
      observation: healthy({
        peerCount: 1,
        syncing: true,
        latestBlockTimestamp: nowSeconds - 60,
        latencyMs: 900,
        problems: ['web3_clientVersion failed: method not found'],
      }),
      rules,
      chainHead: 100,
      now,
    });
    expect(result.state).toBe('degraded');
    expect(result.reasons).toEqual([
      '1 peer, needs at least 2',
      'syncing (eth_syncing reports sync in progress)',
      'latest block is 60s old (limit 20s = 10 × 2s block time)',
      'RPC answered in 900 ms (limit 500 ms)',
      'web3_clientVersion failed: method not found',
    ]);
  });

  it('ignores an unreported peer count when minPeers is 0 (Hardhat)', () => {
    expect(
      evaluateNodeHealth({
        observation: healthy({ peerCount: null }),
        rules: { ...rules, minPeers: 0 },
        chainHead: 100,
        now,
      }).state,
    ).toBe('healthy');
    expect(
      evaluateNodeHealth({
        observation: healthy({ peerCount: null }),
        rules,
        chainHead: 100,
        now,
      }).reasons,
    ).toEqual([
      'does not report its peer count (net_peerCount unsupported), needs at least 2',
    ]);
  });
});

describe('compareStateWorstFirst', () => {
  it('sorts down, degraded, unknown, healthy', () => {
    expect(
      (['healthy', 'unknown', 'down', 'degraded'] as const)
        .slice()
        .sort(compareStateWorstFirst),
    ).toEqual(['down', 'degraded', 'unknown', 'healthy']);
  });
});
