import { PriceTable, SpotPricing } from '@internal/pricing';
import { KubeObject } from '@internal/plugin-node-mix-common';
import { IDLE, SHARED_IDLE, UNALLOCATED } from '@internal/plugin-cost-common';
import { allocateHour } from './allocateHour';
import { ShareOptions } from './shareRows';

const priceTable: PriceTable = {
  id: 'test-table',
  asOf: '2026-11-27',
  source: 'test',
  currency: 'USD',
  onDemand: { 'eu-central-1': { 'm6i.xlarge': 0.192 } },
};
const spot: SpotPricing = { prices: {}, defaultDiscount: 0.6, source: 'test' };

// One Karpenter node, 4 vCPU / 16 GiB at $0.192 an hour.
const nodes: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'n1',
      labels: {
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'm6i.xlarge',
        'karpenter.sh/capacity-type': 'on-demand',
        'topology.kubernetes.io/zone': 'eu-central-1a',
      },
    },
    status: { capacity: { cpu: '4', memory: '16Gi', pods: '58' } },
  },
];

function pod(
  namespace: string,
  cpu: string,
  memory: string,
  service?: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${service ?? namespace}-${cpu}`,
      namespace,
      labels: service ? { 'backstage.io/kubernetes-id': service } : {},
    },
    spec: {
      nodeName: 'n1',
      containers: [
        { name: 'main', image: 'x', resources: { requests: { cpu, memory } } },
      ],
    },
    status: { phase: 'Running' },
  };
}

// wallet (mono) $0.048, game-dice (direct) $0.048, an unlabelled pod in
// direct's namespace `games` $0.024, kube-system $0.024, idle $0.048.
const pods = [
  pod('payments', '1', '4Gi', 'wallet'),
  pod('games', '1', '4Gi', 'game-dice'),
  pod('games', '500m', '2Gi'),
  pod('kube-system', '500m', '2Gi'),
];
const owners: Record<string, string> = {
  wallet: 'group:default/mono',
  'game-dice': 'group:default/direct',
  'namespace/games': 'group:default/direct',
};
const teamOf = (s: string) => owners[s];

// Integer micros: node pools are split with rounding, a few micros apart.
function expectAbout(
  actual: Record<string, number>,
  expected: Record<string, number>,
) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected))
    expect(actual[k]).toBeCloseTo(v, -1);
}

function byTeam(share?: ShareOptions) {
  const result = allocateHour(
    { nodes, pods },
    { priceTable, spot, teamOf, share },
  );
  const teams: Record<string, number> = {};
  for (const r of result.rows) teams[r.team] = (teams[r.team] ?? 0) + r.amount;
  return { teams, rows: result.rows, nodeBill: result.nodeBill };
}

describe('allocation to teams by namespace and shared cost', () => {
  it('gives an unlabelled pod to the team that owns its namespace in the catalog', () => {
    const { rows } = byTeam();
    const teamOfRow = Object.fromEntries(rows.map(r => [r.service, r.team]));
    expect(teamOfRow['namespace/games']).toBe('group:default/direct');
    // Without a share rule, kube-system and idle stay on their own.
    expect(teamOfRow['namespace/kube-system']).toBe(UNALLOCATED);
    expect(teamOfRow[IDLE]).toBe(IDLE);
  });

  it('shares idle and kube-system in proportion to each team’s requested cost', () => {
    const { teams, rows, nodeBill } = byTeam({
      rule: 'proportional',
      namespaces: ['kube-system', 'monitoring'],
      idle: true,
    });
    // direct requested $0.072, mono $0.048: 3 to 2.
    expectAbout(teams, {
      'group:default/direct': 72_000 + 14_400 + 28_800,
      'group:default/mono': 48_000 + 9_600 + 19_200,
    });
    const amountOf = (service: string, team: string) =>
      rows.find(r => r.service === service && r.team === team)?.amount;
    expect(amountOf(SHARED_IDLE, 'group:default/mono')).toBeCloseTo(19_200, -1);
    expect(
      amountOf('shared/namespace/kube-system', 'group:default/direct'),
    ).toBeCloseTo(14_400, -1);
    expect(Object.values(teams).reduce((a, b) => a + b, 0)).toBe(nodeBill);
  });

  it('shares them evenly per team when the rule is even', () => {
    const { teams } = byTeam({
      rule: 'even',
      namespaces: ['kube-system'],
      idle: true,
    });
    expectAbout(teams, {
      'group:default/direct': 72_000 + 12_000 + 24_000,
      'group:default/mono': 48_000 + 12_000 + 24_000,
    });
  });

  it('keeps idle visible when only namespaces are shared', () => {
    const { teams } = byTeam({
      rule: 'proportional',
      namespaces: ['kube-system'],
      idle: false,
    });
    expect(teams[IDLE]).toBeCloseTo(48_000, -1);
    expect(teams[UNALLOCATED]).toBeUndefined();
  });
});
