import {
  ChainNodeDetails,
  ChainNodeFleet,
  ChainNodeStatus,
} from '@internal/plugin-chain-nodes-common';

const now = Date.now();
const iso = (msAgo: number) => new Date(now - msAgo).toISOString();

function node(
  overrides: Partial<ChainNodeStatus> & Pick<ChainNodeStatus, 'name' | 'state'>,
): ChainNodeStatus {
  return {
    entityRef: `resource:default/${overrides.name}`,
    chain: 'casino-local',
    rpcEndpoint: 'http://127.0.0.1:8545',
    owner: 'group:default/chains',
    system: 'system:default/casino-blockchain',
    server: {
      source: 'catalog',
      serverType: 'ccx33',
      location: 'fsn1',
      datacenter: 'fsn1-dc14',
    },
    reasons: [],
    stateSince: iso(120_000),
    lastProbeAt: iso(5_000),
    observation: {
      reachable: true,
      chainId: 31337,
      blockNumber: 120,
      syncing: false,
      peerCount: null,
      latencyMs: 4,
      clientVersion: 'HardhatNetwork/3.18.0/@nomicfoundation/edr/0.3.8',
    },
    chainHead: 120,
    blocksBehind: 0,
    ...overrides,
  };
}

export const fleet: ChainNodeFleet = {
  generatedAt: iso(0),
  chainHeads: { 'casino-local': 120, 'casino-mainnet': 9000 },
  reconciliation: { enabled: false, onlyInHetzner: [], onlyInCatalog: [] },
  nodes: [
    node({
      name: 'chain-node-local-4',
      title: 'Local chain node 4',
      state: 'down',
      reasons: ['unreachable: connection refused (ECONNREFUSED)'],
      server: {
        source: 'catalog',
        serverType: 'ccx33',
        location: 'hel1',
        datacenter: 'hel1-dc2',
      },
      observation: {
        reachable: false,
        error: 'unreachable: connection refused (ECONNREFUSED)',
      },
      blocksBehind: undefined,
    }),
    node({
      name: 'chain-node-local-3',
      title: 'Local chain node 3',
      state: 'degraded',
      reasons: ['96 blocks behind the chain head 120 (limit 5)'],
      server: {
        source: 'catalog',
        serverType: 'ccx23',
        location: 'nbg1',
        datacenter: 'nbg1-dc3',
      },
      observation: {
        reachable: true,
        chainId: 31337,
        blockNumber: 24,
        peerCount: null,
        latencyMs: 6,
      },
      blocksBehind: 96,
    }),
    node({
      name: 'chain-node-local-1',
      title: 'Local chain node 1',
      state: 'healthy',
    }),
    node({
      name: 'mainnet-1',
      chain: 'casino-mainnet',
      state: 'healthy',
      system: 'system:default/other',
    }),
  ],
};

export const downDetails: ChainNodeDetails = {
  node: fleet.nodes[0],
  uptime: {
    // First probed 37 minutes ago: the day and the week are only partly observed.
    '24h': {
      up: 0,
      healthy: 0,
      observedFrom: iso(37 * 60_000),
      observedSeconds: 37 * 60,
    },
    '7d': {
      up: 0.25,
      healthy: 0.25,
      observedFrom: iso(7 * 86_400_000),
      observedSeconds: 7 * 86_400,
    },
    '30d': null,
  },
  events: [
    {
      at: iso(60_000),
      fromState: 'healthy',
      toState: 'down',
      reasons: ['unreachable: connection refused (ECONNREFUSED)'],
    },
  ],
};
