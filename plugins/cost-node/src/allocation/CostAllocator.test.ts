import { PriceTable, SpotPricing, sumMicros } from '@internal/pricing';
import { KubeObject } from '@internal/plugin-node-mix-common';
import { IDLE, UNALLOCATED } from '@internal/plugin-cost-common';
import { allocateHour } from './allocateHour';
import { CostAllocator } from './CostAllocator';

const priceTable: PriceTable = {
  id: 'test-table',
  asOf: '2026-11-27',
  source: 'test',
  currency: 'USD',
  onDemand: {
    'us-east-1': {
      'm6i.xlarge': 0.192,
      'm7g.xlarge': 0.1632,
      'c6i.2xlarge': 0.34,
      'c7g.2xlarge': 0.29,
    },
  },
};
const spot: SpotPricing = {
  prices: { 'm6i.xlarge': 0.08 },
  defaultDiscount: 0.6,
  source: 'test',
};

// Shaped like the Karpenter nodes the demo cluster and EKS serve.
function node(
  name: string,
  instanceType: string,
  opts: {
    cpu?: string;
    memory?: string;
    capacityType?: string;
    arch?: string;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/arch':
          opts.arch ?? (instanceType.includes('g.') ? 'arm64' : 'amd64'),
        'node.kubernetes.io/instance-type': instanceType,
        'karpenter.sh/capacity-type': opts.capacityType ?? 'on-demand',
        'karpenter.sh/nodepool': 'general',
        'topology.kubernetes.io/zone': 'us-east-1a',
      },
    },
    status: {
      capacity: {
        cpu: opts.cpu ?? '4',
        memory: opts.memory ?? '16Gi',
        pods: '58',
      },
      allocatable: { cpu: '3920m', memory: '15Gi', pods: '58' },
    },
  };
}

function pod(
  name: string,
  nodeName: string,
  requests: { cpu?: string; memory?: string },
  opts: {
    service?: string;
    namespace?: string;
    phase?: string;
    init?: { cpu?: string; memory?: string };
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.namespace ?? 'casino-gaming',
      labels: opts.service
        ? { app: opts.service, 'backstage.io/kubernetes-id': opts.service }
        : { app: name },
    },
    spec: {
      nodeName,
      containers: [{ name: 'main', image: 'x', resources: { requests } }],
      ...(opts.init
        ? {
            initContainers: [
              {
                name: 'migrate',
                image: 'x',
                resources: { requests: opts.init },
              },
            ],
          }
        : {}),
    },
    status: { phase: opts.phase ?? 'Running' },
  };
}

const owners: Record<string, string> = {
  wallet: 'group:default/mono',
  'game-dice': 'group:default/direct',
};
const options = { priceTable, spot, teamOf: (s: string) => owners[s] };

describe('allocateHour', () => {
  it('gives a pod the share of its node its CPU and memory requests are of capacity', () => {
    const result = allocateHour(
      {
        nodes: [node('ip-10-0-0-1', 'm6i.xlarge')],
        pods: [
          pod(
            'wallet-1',
            'ip-10-0-0-1',
            { cpu: '1', memory: '4Gi' },
            { service: 'wallet' },
          ),
        ],
      },
      options,
    );
    const wallet = result.rows.find(r => r.service === 'wallet')!;
    // a quarter of the CPU and a quarter of the memory: a quarter of $0.192
    expect(wallet).toEqual({
      service: 'wallet',
      team: 'group:default/mono',
      amount: 48_000,
    });
    expect(result.idle).toBe(192_000 - 48_000);
    expect(result.rows.find(r => r.service === IDLE)!.amount).toBe(144_000);
    expect(result.nodeBill).toBe(192_000);
  });

  it('weights CPU above memory like OpenCost, so a CPU-heavy pod costs more than a memory-heavy one', () => {
    const result = allocateHour(
      {
        nodes: [node('n1', 'm6i.xlarge')],
        pods: [
          pod(
            'cpu-heavy',
            'n1',
            { cpu: '2', memory: '1Gi' },
            { service: 'game-dice' },
          ),
          pod(
            'mem-heavy',
            'n1',
            { cpu: '250m', memory: '8Gi' },
            { service: 'wallet' },
          ),
        ],
      },
      options,
    );
    const dice = result.rows.find(r => r.service === 'game-dice')!.amount;
    const wallet = result.rows.find(r => r.service === 'wallet')!.amount;
    expect(dice).toBeGreaterThan(wallet);
    expect(sumMicros(result.rows.map(r => r.amount))).toBe(192_000);
  });

  it('keeps unlabelled pods and unknown owners visible as unallocated', () => {
    const result = allocateHour(
      {
        nodes: [node('n1', 'm6i.xlarge')],
        pods: [
          pod(
            'kube-proxy-x',
            'n1',
            { cpu: '100m', memory: '64Mi' },
            { namespace: 'kube-system' },
          ),
          pod(
            'mystery-1',
            'n1',
            { cpu: '500m', memory: '1Gi' },
            { service: 'mystery' },
          ),
          pod(
            'done',
            'n1',
            { cpu: '2', memory: '8Gi' },
            { service: 'wallet', phase: 'Succeeded' },
          ),
          pod(
            'pending',
            '',
            { cpu: '2', memory: '8Gi' },
            { service: 'wallet' },
          ),
        ],
      },
      options,
    );
    expect(result.rows.map(r => [r.service, r.team])).toEqual([
      ['namespace/kube-system', UNALLOCATED],
      ['mystery', UNALLOCATED],
      [IDLE, IDLE],
    ]);
    expect(result.pods).toBe(2);
  });

  it('reports nodes it cannot price with a count instead of pricing them at zero', () => {
    const result = allocateHour(
      {
        nodes: [
          node('n1', 'm6i.xlarge'),
          node('n2', 'x2iedn.32xlarge'),
          node('n3', 'x2iedn.32xlarge'),
        ],
        pods: [
          pod('w', 'n2', { cpu: '1', memory: '1Gi' }, { service: 'wallet' }),
        ],
      },
      options,
    );
    expect(result.unpriced).toEqual({
      nodes: 2,
      pods: 1,
      byInstanceType: { 'x2iedn.32xlarge': 2 },
    });
    expect(result.nodeBill).toBe(192_000);
    expect(result.rows.find(r => r.service === 'wallet')).toBeUndefined();
  });

  it('uses the larger of init containers and containers, and shares over-committed nodes pro rata', () => {
    const result = allocateHour(
      {
        nodes: [node('n1', 'm6i.xlarge')],
        pods: [
          pod(
            'a',
            'n1',
            { cpu: '100m', memory: '1Gi' },
            { service: 'wallet', init: { cpu: '4', memory: '16Gi' } },
          ),
          pod(
            'b',
            'n1',
            { cpu: '4', memory: '16Gi' },
            { service: 'game-dice' },
          ),
        ],
      },
      options,
    );
    expect(result.rows.find(r => r.service === 'wallet')!.amount).toBe(96_000);
    expect(result.rows.find(r => r.service === 'game-dice')!.amount).toBe(
      96_000,
    );
    expect(result.idle).toBe(0);
  });

  it('turns the Graviton and spot what-if into each team’s money', () => {
    const result = allocateHour(
      {
        nodes: [node('n1', 'm6i.xlarge'), node('n2', 'm7g.xlarge')],
        pods: [
          pod('w', 'n1', { cpu: '2', memory: '8Gi' }, { service: 'wallet' }),
          pod('d', 'n2', { cpu: '2', memory: '8Gi' }, { service: 'game-dice' }),
        ],
      },
      options,
    );
    const of = (team: string, scenario: string) =>
      result.whatIf.find(w => w.team === team && w.scenario === scenario)
        ?.savings ?? 0;
    // wallet holds half of the x86 node: half of (0.192 - 0.1632) per hour
    expect(of('group:default/mono', 'graviton')).toBe(14_400);
    expect(of(IDLE, 'graviton')).toBe(14_400);
    // spot price configured at 0.08: half of 0.112
    expect(of('group:default/mono', 'spot')).toBe(56_000);
    // direct already runs on Graviton: nothing to move
    expect(of('group:default/direct', 'graviton')).toBe(0);
  });

  it('adds up exactly to the node bills over a month of hourly allocations', () => {
    // Random but reproducible nodes and pods, odd prices and requests.
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const types = ['m6i.xlarge', 'm7g.xlarge', 'c6i.2xlarge', 'c7g.2xlarge'];
    const services = ['wallet', 'game-dice', 'payout-worker', undefined];
    let billed = 0;
    let allocated = 0;
    for (let hour = 0; hour < 30 * 24; hour++) {
      const allocator = new CostAllocator(options);
      const nodes = Array.from({ length: 5 + Math.floor(rnd() * 5) }, (_, i) =>
        node(`n${i}`, types[Math.floor(rnd() * types.length)], {
          capacityType: rnd() < 0.3 ? 'spot' : 'on-demand',
          cpu: String(4 + Math.floor(rnd() * 4)),
        }),
      );
      const pods = Array.from({ length: 60 }, (_, i) =>
        pod(
          `p${i}`,
          `n${Math.floor(rnd() * nodes.length)}`,
          {
            cpu: `${Math.floor(rnd() * 1500) + 1}m`,
            memory: `${Math.floor(rnd() * 3000) + 1}Mi`,
          },
          { service: services[i % services.length] },
        ),
      );
      allocator.addPods(pods.slice(0, 30));
      allocator.addNodes(nodes);
      allocator.addPods(pods.slice(30));
      const result = allocator.finish();
      billed += result.nodeBill;
      allocated += sumMicros(result.rows.map(r => r.amount));
      for (const r of result.rows) {
        expect(Number.isInteger(r.amount)).toBe(true);
      }
    }
    expect(billed).toBeGreaterThan(0);
    expect(allocated).toBe(billed);
  });
});
