import { NodeRow } from '@internal/plugin-node-mix-common';
import { filterNodes, parseLabelFilters } from './filterNodes';

function row(
  name: string,
  labels: Record<string, string>,
  extra: Partial<NodeRow> = {},
): NodeRow {
  return {
    name,
    arch: labels['kubernetes.io/arch'] ?? 'unknown',
    capacityType: labels['karpenter.sh/capacity-type'] ?? 'unknown',
    family: 'm7g',
    instanceType: labels['node.kubernetes.io/instance-type'] ?? 'unknown',
    nodePool: labels['karpenter.sh/nodepool'] ?? 'none',
    zone: 'us-east-1a',
    labels,
    vcpu: 4,
    memoryBytes: 1,
    cpuAllocatable: 4,
    memoryAllocatable: 1,
    cpuRequested: 1,
    memoryRequested: 0,
    pods: 3,
    pricePerHour: 0.1,
    priceSource: '',
    drifted: false,
    disrupted: false,
    warnings: [],
    ...extra,
  };
}

const rows = [
  row(
    'a',
    {
      'kubernetes.io/arch': 'arm64',
      'karpenter.sh/capacity-type': 'spot',
      'node.kubernetes.io/instance-type': 'm7g.xlarge',
    },
    { pricePerHour: 0.07 },
  ),
  row(
    'b',
    {
      'kubernetes.io/arch': 'arm64',
      'karpenter.sh/capacity-type': 'on-demand',
    },
    { pricePerHour: 0.16 },
  ),
  row(
    'c',
    { 'kubernetes.io/arch': 'amd64', 'karpenter.sh/capacity-type': 'spot' },
    { pricePerHour: null },
  ),
  row(
    'd',
    { 'kubernetes.io/arch': 'amd64' },
    { cpuRequested: 3.5, pricePerHour: 0.19 },
  ),
];

describe('parseLabelFilters', () => {
  it('reads equality, inequality and existence, and reports the rest', () => {
    expect(
      parseLabelFilters(
        'kubernetes.io/arch=arm64, karpenter.sh/capacity-type != spot, gpu, !tainted, a b',
      ),
    ).toEqual({
      filters: [
        { key: 'kubernetes.io/arch', op: '=', value: 'arm64' },
        { key: 'karpenter.sh/capacity-type', op: '!=', value: 'spot' },
        { key: 'gpu', op: 'exists' },
        { key: 'tainted', op: '!exists' },
      ],
      invalid: ['a b'],
    });
  });
});

describe('filterNodes', () => {
  const base = {
    search: '',
    labels: [],
    sort: 'name' as const,
    descending: false,
  };

  it('filters by any label', () => {
    const { filters } = parseLabelFilters(
      'kubernetes.io/arch=arm64,karpenter.sh/capacity-type=spot',
    );
    expect(
      filterNodes(rows, { ...base, labels: filters }).map(r => r.name),
    ).toEqual(['a']);
    const missing = parseLabelFilters('!karpenter.sh/capacity-type').filters;
    expect(
      filterNodes(rows, { ...base, labels: missing }).map(r => r.name),
    ).toEqual(['d']);
  });

  it('searches names and instance types', () => {
    expect(
      filterNodes(rows, { ...base, search: 'M7G' }).map(r => r.name),
    ).toEqual(['a']);
  });

  it('sorts by price with unknown prices last, and by CPU use', () => {
    expect(
      filterNodes(rows, { ...base, sort: 'price', descending: true }).map(
        r => r.name,
      ),
    ).toEqual(['d', 'b', 'a', 'c']);
    expect(
      filterNodes(rows, { ...base, sort: 'cpuUtil', descending: true })[0].name,
    ).toBe('d');
  });
});
