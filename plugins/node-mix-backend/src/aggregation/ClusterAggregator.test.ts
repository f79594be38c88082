import { aggregateCluster } from './aggregateCluster';
import { ClusterAggregator } from './ClusterAggregator';
import { PriceTable, SpotPricing } from '@internal/pricing';
import { KubeObject } from '@internal/plugin-node-mix-common';

const NOW = Date.parse('2026-11-25T12:00:00Z'); // a Wednesday
const GiB = 2 ** 30;

const priceTable: PriceTable = {
  id: 'test-table',
  asOf: '2026-11-01',
  source: 'test',
  currency: 'USD',
  onDemand: {
    'us-east-1': {
      'm6i.large': 0.096,
      'm6i.xlarge': 0.192,
      'm7g.large': 0.0816,
      'm7g.xlarge': 0.1632,
      'c7g.large': 0.0725,
    },
  },
};
const spot: SpotPricing = {
  prices: { 'm7g.xlarge': 0.07, 'm6i.xlarge': 0.08 },
  source: 'test config',
};

function node(
  name: string,
  o: {
    type?: string;
    capacity?: 'spot' | 'on-demand';
    pool?: string;
    arch?: string;
    cpu?: string;
    memory?: string;
    labels?: Record<string, string | undefined>;
    taints?: any[];
    annotations?: Record<string, string>;
  } = {},
): KubeObject {
  const type = o.type ?? 'm6i.xlarge';
  const labels: Record<string, string | undefined> = {
    'kubernetes.io/arch': o.arch ?? (type.includes('g.') ? 'arm64' : 'amd64'),
    'kubernetes.io/os': 'linux',
    'kubernetes.io/hostname': name,
    'node.kubernetes.io/instance-type': type,
    'karpenter.k8s.aws/instance-family': type.split('.')[0],
    'karpenter.sh/capacity-type': o.capacity ?? 'on-demand',
    'karpenter.sh/nodepool': o.pool ?? 'x86',
    'topology.kubernetes.io/zone': 'us-east-1a',
    'topology.kubernetes.io/region': 'us-east-1',
    ...o.labels,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: Object.fromEntries(
        Object.entries(labels).filter(([, v]) => v !== undefined),
      ) as Record<string, string>,
      annotations: o.annotations ?? {},
      creationTimestamp: '2026-11-20T10:00:00Z',
    },
    spec: {
      providerID: `aws:///us-east-1a/i-${name}`,
      ...(o.taints ? { taints: o.taints } : {}),
    },
    status: {
      capacity: {
        cpu: o.cpu ?? '4',
        memory: o.memory ?? '16073500Ki',
        pods: '58',
      },
      allocatable: { cpu: '3920m', memory: '15207196Ki', pods: '58' },
      nodeInfo: { architecture: o.arch ?? 'amd64' },
    },
  };
}

let podSeq = 0;
function pod(
  nodeName: string,
  cpu: string,
  memory: string,
  o: {
    ns?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    daemon?: boolean;
    phase?: string;
  } = {},
): KubeObject {
  podSeq++;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${podSeq}`,
      namespace: o.ns ?? 'games',
      labels: o.labels ?? { 'app.kubernetes.io/name': 'lobby' },
      annotations: o.annotations,
      ownerReferences: [
        { kind: o.daemon ? 'DaemonSet' : 'ReplicaSet', name: 'owner' },
      ],
    },
    spec: {
      nodeName,
      containers: [{ name: 'app', resources: { requests: { cpu, memory } } }],
    },
    status: { phase: o.phase ?? 'Running' },
  };
}

function claim(
  name: string,
  nodeName: string,
  o: {
    conditions?: any[];
    created?: string;
    deleting?: boolean;
    pool?: string;
  } = {},
): KubeObject {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: {
      name,
      labels: { 'karpenter.sh/nodepool': o.pool ?? 'x86' },
      creationTimestamp: o.created ?? '2026-11-20T10:00:00Z',
      ...(o.deleting ? { deletionTimestamp: '2026-11-25T11:59:00Z' } : {}),
    },
    spec: {
      expireAfter: '720h',
      nodeClassRef: {
        group: 'karpenter.k8s.aws',
        kind: 'EC2NodeClass',
        name: 'default',
      },
    },
    status: {
      nodeName,
      conditions: o.conditions ?? [
        { type: 'Ready', status: 'True', reason: 'Ready' },
        { type: 'Consolidatable', status: 'True', reason: 'Consolidatable' },
      ],
    },
  };
}

function nodePool(
  name: string,
  disruption: any = {},
  limits: any = { cpu: '100', memory: '400Gi' },
  resources?: any,
): KubeObject {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      limits,
      disruption: {
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: '5m',
        budgets: [{ nodes: '10%' }],
        ...disruption,
      },
    },
    status: resources ? { resources } : {},
  };
}

const options = { cluster: 'test', priceTable, spot, now: NOW };

describe('aggregateCluster', () => {
  it('counts nodes, vCPU, memory and cost by arch, capacity type, family and NodePool', () => {
    const { summary, nodes } = aggregateCluster(
      {
        nodes: [
          node('a', { type: 'm6i.xlarge' }),
          node('b', { type: 'm7g.xlarge', capacity: 'spot', pool: 'graviton' }),
          node('c', { type: 'm7g.xlarge', capacity: 'spot', pool: 'graviton' }),
        ],
        pods: [
          pod('a', '2', '4Gi'),
          pod('b', '1500m', '3Gi'),
          pod('c', '3', '12Gi'),
          pod('c', '1', '1Gi', { phase: 'Succeeded' }),
        ],
        nodePools: [],
        nodeClaims: [],
        pdbs: [],
      },
      options,
    );
    expect(summary.totals.nodes).toBe(3);
    expect(summary.totals.vcpu).toBe(12);
    expect(summary.totals.cpuRequested).toBeCloseTo(6.5);
    expect(summary.totals.memoryRequested).toBe(19 * GiB);
    expect(summary.totals.costPerHour).toBeCloseTo(0.192 + 0.07 * 2);
    expect(summary.totals.costPerMonth).toBeCloseTo((0.192 + 0.14) * 730);
    expect(summary.totals.costIsLowerBound).toBe(false);
    expect(summary.mix.arch).toEqual([
      expect.objectContaining({ key: 'arm64', nodes: 2, vcpu: 8 }),
      expect.objectContaining({ key: 'amd64', nodes: 1, vcpu: 4 }),
    ]);
    expect(
      summary.mix.capacityType.find(g => g.key === 'spot')!.costPerHour,
    ).toBeCloseTo(0.14);
    expect(summary.mix.family.map(g => g.key)).toEqual(['m7g', 'm6i']);
    expect(summary.mix.nodePool.map(g => g.key)).toEqual(['graviton', 'x86']);
    expect(summary.gravitonShare.nodes).toBeCloseTo(2 / 3);
    expect(summary.spotShare.vcpu).toBeCloseTo(8 / 12);
    expect(summary.pods).toBe(3);
    const a = nodes.find(n => n.name === 'a')!;
    expect(a.cpuRequested).toBe(2);
    expect(a.priceSource).toBe(
      'on-demand: shipped table (2026-11-01), offline fallback',
    );
    expect(nodes.find(n => n.name === 'b')!.priceSource).toBe(
      'spot: test config',
    );
  });

  it('marks totals as a lower bound when a price is unknown, and prices spot from the default discount', () => {
    const input = {
      nodes: [
        node('a'),
        node('b', { type: 'c7g.large', capacity: 'spot', pool: 'graviton' }),
        node('m5', { type: 'm5.large' }),
      ],
      pods: [],
      nodePools: [],
      nodeClaims: [],
      pdbs: [],
    };
    const { summary, nodes } = aggregateCluster(input, options);
    expect(summary.totals.costPerHour).toBeCloseTo(0.192);
    expect(summary.totals.costIsLowerBound).toBe(true);
    expect(summary.totals.unpricedNodes).toBe(2);
    expect(nodes.find(n => n.name === 'm5')!.priceSource).toBe(
      'm5.large not in price table test-table',
    );
    expect(nodes.find(n => n.name === 'b')!.pricePerHour).toBeNull();

    const discounted = aggregateCluster(input, {
      ...options,
      spot: { ...spot, defaultDiscount: 0.6 },
    });
    expect(
      discounted.nodes.find(n => n.name === 'b')!.pricePerHour,
    ).toBeCloseTo(0.0725 * 0.4);
    expect(
      discounted.summary.mix.arch.find(g => g.key === 'arm64')!
        .costIsLowerBound,
    ).toBe(false);
  });

  it('reads nodes with missing labels and malformed quantities without NaN', () => {
    const { summary, nodes } = aggregateCluster(
      {
        nodes: [
          node('bare', {
            labels: {
              'node.kubernetes.io/instance-type': undefined,
              'karpenter.sh/capacity-type': undefined,
              'topology.kubernetes.io/zone': undefined,
              'karpenter.k8s.aws/instance-family': undefined,
            },
          }),
          node('broken', { cpu: 'four', memory: '16GB' }),
        ],
        pods: [pod('bare', 'lots', '1Gi'), pod('broken', '500m', '1Gi')],
        nodePools: [],
        nodeClaims: [],
        pdbs: [],
      },
      options,
    );
    const bare = nodes.find(n => n.name === 'bare')!;
    expect(bare).toMatchObject({
      instanceType: 'unknown',
      capacityType: 'unknown',
      zone: 'unknown',
      family: 'unknown',
      pricePerHour: null,
    });
    expect(bare.warnings).toContain(
      'no instance type label (node.kubernetes.io/instance-type)',
    );
    const broken = nodes.find(n => n.name === 'broken')!;
    expect(broken.vcpu).toBe(0);
    expect(broken.warnings.join()).toContain("'four' is not a quantity");
    expect(summary.warnings.join('\n')).toMatch(
      /1 × unreadable pod cpu request \(e\.g\. games\/pod-\d+: 'lots' is not a quantity\)/,
    );
    expect(summary.warnings.join('\n')).toContain(
      'node without label karpenter.sh/capacity-type',
    );
    const json = JSON.stringify({ summary, nodes });
    expect(json).not.toMatch(/NaN|Infinity|null,"memoryRequested"/);
    expect(Number.isFinite(summary.totals.cpuRequested)).toBe(true);
    expect(summary.totals.cpuRequested).toBe(0.5);
  });

  it('finds consolidation candidates and says why Karpenter is not consolidating them', () => {
    const pdbPod = pod('pdb-node', '100m', '100Mi', {
      ns: 'chain',
      labels: { 'app.kubernetes.io/name': 'chain-listener' },
    });
    const { summary } = aggregateCluster(
      {
        nodes: [
          node('busy'),
          node('empty'),
          node('dnd'),
          node('pdb-node'),
          node('fresh'),
          node('frozen', { pool: 'frozen' }),
          node('pinned', {
            annotations: { 'karpenter.sh/do-not-disrupt': 'true' },
          }),
          node('bootstrap', {
            type: 'm5.large',
            labels: {
              'karpenter.sh/nodepool': undefined,
              'karpenter.sh/capacity-type': undefined,
              'eks.amazonaws.com/nodegroup': 'bootstrap',
              'eks.amazonaws.com/capacityType': 'ON_DEMAND',
            },
          }),
          node('leaving', {
            taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }],
          }),
        ],
        pods: [
          pod('busy', '3', '12Gi'),
          ...[
            'empty',
            'dnd',
            'pdb-node',
            'fresh',
            'frozen',
            'pinned',
            'bootstrap',
            'leaving',
          ].map(n =>
            pod(n, '25m', '64Mi', { ns: 'kube-system', daemon: true }),
          ),
          pod('dnd', '200m', '256Mi', {
            annotations: { 'karpenter.sh/do-not-disrupt': 'true' },
          }),
          pdbPod,
          pod('fresh', '200m', '256Mi'),
          pod('frozen', '200m', '256Mi'),
          pod('pinned', '200m', '256Mi'),
          pod('bootstrap', '200m', '256Mi'),
          pod('leaving', '200m', '256Mi'),
        ],
        nodePools: [
          nodePool('x86'),
          nodePool('frozen', {
            budgets: [
              { nodes: '10%' },
              {
                nodes: '0',
                schedule: '0 0 * * 3',
                duration: '24h',
                reasons: ['Underutilized'],
              },
            ],
          }),
        ],
        nodeClaims: [
          claim('x86-busy', 'busy'),
          claim('x86-empty', 'empty'),
          claim('x86-dnd', 'dnd'),
          claim('x86-pdb', 'pdb-node'),
          claim('x86-fresh', 'fresh', {
            conditions: [{ type: 'Ready', status: 'True' }],
          }),
          claim('frozen-1', 'frozen', { pool: 'frozen' }),
          claim('x86-pinned', 'pinned'),
          claim('x86-leaving', 'leaving', { deleting: true }),
        ],
        pdbs: [
          {
            apiVersion: 'policy/v1',
            kind: 'PodDisruptionBudget',
            metadata: { name: 'chain-listener', namespace: 'chain' },
            spec: {
              minAvailable: 1,
              selector: {
                matchLabels: { 'app.kubernetes.io/name': 'chain-listener' },
              },
            },
            status: {
              disruptionsAllowed: 0,
              currentHealthy: 1,
              desiredHealthy: 1,
            },
          },
          {
            apiVersion: 'policy/v1',
            kind: 'PodDisruptionBudget',
            metadata: { name: 'lobby', namespace: 'games' },
            spec: {
              maxUnavailable: 1,
              selector: { matchLabels: { 'app.kubernetes.io/name': 'lobby' } },
            },
            status: { disruptionsAllowed: 1 },
          },
        ],
      },
      options,
    );
    const byNode = Object.fromEntries(
      summary.consolidation.candidates.map(c => [c.node, c]),
    );
    expect(byNode.busy).toBeUndefined();
    expect(byNode.empty).toMatchObject({
      kind: 'empty',
      state: 'consolidatable',
      blockers: [],
    });
    expect(byNode.dnd.state).toBe('blocked');
    expect(byNode.dnd.blockers).toEqual([
      expect.objectContaining({
        kind: 'pod-do-not-disrupt',
        message: expect.stringMatching(
          /^Pod games\/pod-\d+ has karpenter\.sh\/do-not-disrupt=true/,
        ),
      }),
    ]);
    expect(byNode['pdb-node'].blockers).toEqual([
      expect.objectContaining({
        kind: 'pdb',
        message: expect.stringContaining(
          `PodDisruptionBudget chain/chain-listener allows 0 disruptions and covers pod chain/${
            pdbPod.metadata!.name
          }`,
        ),
      }),
    ]);
    expect(byNode.fresh.blockers.map(b => b.kind)).toEqual([
      'not-consolidatable',
    ]);
    expect(byNode.fresh.blockers[0].message).toContain('consolidateAfter (5m)');
    expect(byNode.frozen.blockers).toEqual([
      expect.objectContaining({
        kind: 'nodepool-budget',
        message: expect.stringContaining(
          `schedule '0 0 * * 3' for 24h, active now`,
        ),
      }),
    ]);
    expect(byNode.pinned.blockers.map(b => b.kind)).toEqual([
      'node-do-not-disrupt',
    ]);
    expect(byNode.bootstrap.blockers[0]).toMatchObject({
      kind: 'not-karpenter',
      message: expect.stringContaining("node group 'bootstrap'"),
    });
    expect(byNode.leaving.state).toBe('disrupting');
    expect(summary.consolidation).toMatchObject({
      empty: 1,
      underutilized: 7,
      blocked: 6,
    });
    expect(summary.consolidation.consolidatableCostPerHour).toBeCloseTo(0.192);
    expect(
      summary.nodePools.find(p => p.name === 'frozen')!.blockingBudgets,
    ).toHaveLength(1);
    expect(
      summary.nodePools.find(p => p.name === 'x86')!.blockingBudgets,
    ).toHaveLength(0);
  });

  it('lists drifted, expiring and disrupted NodeClaims and NodePool limit usage', () => {
    const { summary } = aggregateCluster(
      {
        nodes: [
          node('a'),
          node('b'),
          node('c', {
            taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }],
          }),
        ],
        pods: [],
        nodePools: [
          nodePool(
            'x86',
            {},
            { cpu: '100', memory: '400Gi' },
            { cpu: '40', memory: '100Gi', nodes: '3' },
          ),
          nodePool('nolimits', {}, {}),
        ],
        nodeClaims: [
          claim('x86-drift', 'a', {
            conditions: [
              {
                type: 'Drifted',
                status: 'True',
                reason: 'AMIDrift',
                lastTransitionTime: '2026-11-25T11:00:00Z',
              },
            ],
          }),
          claim('x86-old', 'b', { created: '2026-10-26T20:00:00Z' }),
          claim('x86-leaving', 'c'),
        ],
        pdbs: [],
      },
      options,
    );
    expect(summary.nodeClaims.total).toBe(3);
    expect(summary.nodeClaims.issues).toEqual([
      expect.objectContaining({
        name: 'x86-leaving',
        kind: 'disrupted',
        reason: 'node tainted karpenter.sh/disrupted',
      }),
      expect.objectContaining({
        name: 'x86-drift',
        kind: 'drifted',
        reason: 'AMIDrift',
        node: 'a',
      }),
      expect.objectContaining({
        name: 'x86-old',
        kind: 'expiring',
        reason: 'expires in 8 h (expireAfter 720h)',
        at: '2026-11-25T20:00:00.000Z',
      }),
    ]);
    const x86 = summary.nodePools.find(p => p.name === 'x86')!;
    expect(x86).toMatchObject({
      cpuUsed: 40,
      cpuLimit: 100,
      memoryLimit: 400 * GiB,
    });
    expect(x86.limitUsage).toBeCloseTo(0.4);
    expect(
      summary.nodePools.find(p => p.name === 'nolimits')!.limitUsage,
    ).toBeNull();
  });

  it('prices the what-if of moving x86 on-demand capacity to Graviton and spot', () => {
    const { summary } = aggregateCluster(
      {
        nodes: [
          node('a', { type: 'm6i.xlarge' }),
          node('b', { type: 'm6i.large' }),
          node('g', { type: 'm7g.xlarge', capacity: 'spot', pool: 'graviton' }),
        ],
        pods: [],
        nodePools: [],
        nodeClaims: [],
        pdbs: [],
      },
      options,
    );
    const total = 0.192 + 0.096 + 0.07;
    expect(summary.whatIf.x86OnDemandCostPerHour).toBeCloseTo(0.288);
    const [graviton, spotOnly, both] = summary.whatIf.scenarios;
    expect(graviton).toMatchObject({
      id: 'graviton',
      nodesMoved: 2,
      unpricedNodes: 0,
    });
    expect(graviton.savingsPerHour).toBeCloseTo(
      0.192 - 0.1632 + (0.096 - 0.0816),
    );
    expect(graviton.savingsPercent).toBeCloseTo(
      graviton.savingsPerHour / total,
    );
    // m6i.large has no configured spot price and no default discount
    expect(spotOnly).toMatchObject({ nodesMoved: 1, unpricedNodes: 1 });
    expect(spotOnly.savingsPerHour).toBeCloseTo(0.192 - 0.08);
    expect(both.savingsPerHour).toBeCloseTo(0.192 - 0.07);
  });

  it('lists pods the scheduler has not placed, with its reason and message, oldest first', () => {
    const message =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const unplaced = (name: string, since: string, scheduled?: object) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'games', creationTimestamp: since },
      spec: { containers: [] },
      status: {
        phase: 'Pending',
        ...(scheduled ? { conditions: [scheduled] } : {}),
      },
    });
    const { summary } = aggregateCluster(
      {
        nodes: [node('a')],
        pods: [
          pod('a', '1', '1Gi'),
          unplaced('dice-7', '2026-11-25T11:50:00Z', {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
            lastTransitionTime: '2026-11-25T11:50:00Z',
          }),
          // Just created: the scheduler has not looked at it yet.
          unplaced('dice-8', '2026-11-25T11:59:59Z'),
          unplaced('dice-6', '2026-11-25T11:40:00Z', {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
            lastTransitionTime: '2026-11-25T11:40:00Z',
          }),
        ],
        nodePools: [],
        nodeClaims: [],
        pdbs: [],
      },
      options,
    );
    expect(summary.pods).toBe(1);
    expect(summary.pendingPods).toEqual({
      total: 3,
      unschedulable: 2,
      items: [
        {
          namespace: 'games',
          name: 'dice-6',
          since: '2026-11-25T11:40:00Z',
          reason: 'Unschedulable',
          message,
        },
        {
          namespace: 'games',
          name: 'dice-7',
          since: '2026-11-25T11:50:00Z',
          reason: 'Unschedulable',
          message,
        },
        {
          namespace: 'games',
          name: 'dice-8',
          since: '2026-11-25T11:59:59Z',
          reason: undefined,
          message: undefined,
        },
      ],
    });
  });

  it('gives the same answer when pods arrive page by page, even before their node', () => {
    const nodes = [node('a'), node('b')];
    const pods = [
      pod('a', '1', '1Gi'),
      pod('b', '2', '2Gi'),
      pod('a', '500m', '512Mi'),
    ];
    const whole = aggregateCluster(
      { nodes, pods, nodePools: [], nodeClaims: [], pdbs: [] },
      options,
    );
    const agg = new ClusterAggregator(options);
    agg.addPods([pods[0]]);
    agg.addNodes(nodes);
    agg.addPods(pods.slice(1));
    const paged = agg.finish();
    expect(paged.summary.totals).toEqual(whole.summary.totals);
  });
});
