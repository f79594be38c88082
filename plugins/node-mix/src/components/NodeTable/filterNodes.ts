import { NodeRow } from '@internal/plugin-node-mix-common';

/** A label condition: `key=value`, `key!=value`, `key` (exists) or `!key`. */
export interface LabelFilter {
  key: string;
  op: '=' | '!=' | 'exists' | '!exists';
  value?: string;
}

export type SortKey =
  | 'name'
  | 'instanceType'
  | 'nodePool'
  | 'zone'
  | 'cpuUtil'
  | 'memUtil'
  | 'pods'
  | 'price'
  | 'age';

export interface NodeQuery {
  search: string;
  labels: LabelFilter[];
  sort: SortKey;
  descending: boolean;
}

/**
 * Parses `kubernetes.io/arch=arm64, karpenter.sh/capacity-type=spot` into
 * label filters; returns the parts it could not read too.
 */
export function parseLabelFilters(text: string): {
  filters: LabelFilter[];
  invalid: string[];
} {
  const filters: LabelFilter[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const m = part.match(/^([^!=\s]+)\s*(!=|==|=)\s*(\S*)$/);
    if (m) {
      filters.push({ key: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] });
    } else if (/^!?[^!=\s]+$/.test(part)) {
      filters.push(
        part.startsWith('!')
          ? { key: part.slice(1), op: '!exists' }
          : { key: part, op: 'exists' },
      );
    } else {
      invalid.push(part);
    }
  }
  return { filters, invalid };
}

function matches(row: NodeRow, f: LabelFilter): boolean {
  const v = row.labels[f.key];
  switch (f.op) {
    case '=':
      return v === f.value;
    case '!=':
      return v !== f.value;
    case 'exists':
      return v !== undefined;
    default:
      return v === undefined;
  }
}

const util = (used: number, total: number) => (total > 0 ? used / total : 0);

const SORTERS: Record<SortKey, (a: NodeRow, b: NodeRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  instanceType: (a, b) => a.instanceType.localeCompare(b.instanceType),
  nodePool: (a, b) => a.nodePool.localeCompare(b.nodePool),
  zone: (a, b) => a.zone.localeCompare(b.zone),
  cpuUtil: (a, b) =>
    util(a.cpuRequested, a.cpuAllocatable) -
    util(b.cpuRequested, b.cpuAllocatable),
  memUtil: (a, b) =>
    util(a.memoryRequested, a.memoryAllocatable) -
    util(b.memoryRequested, b.memoryAllocatable),
  pods: (a, b) => a.pods - b.pods,
  price: (a, b) => (a.pricePerHour ?? 0) - (b.pricePerHour ?? 0),
  age: (a, b) =>
    Date.parse(b.createdAt ?? '') - Date.parse(a.createdAt ?? '') || 0,
};

/** Filters and sorts the node table. */
export function filterNodes(rows: NodeRow[], query: NodeQuery): NodeRow[] {
  const needle = query.search.trim().toLocaleLowerCase('en-US');
  const out = rows.filter(
    r =>
      query.labels.every(f => matches(r, f)) &&
      (!needle ||
        r.name.toLocaleLowerCase('en-US').includes(needle) ||
        r.instanceType.includes(needle) ||
        r.nodePool.includes(needle) ||
        r.zone.includes(needle) ||
        (r.nodeClaim ?? '').includes(needle)),
  );
  const sorter = SORTERS[query.sort];
  out.sort((a, b) => {
    // unknown prices sort last in both directions
    if (
      query.sort === 'price' &&
      (a.pricePerHour === null) !== (b.pricePerHour === null)
    ) {
      return a.pricePerHour === null ? 1 : -1;
    }
    const c = sorter(a, b);
    return (query.descending ? -c : c) || a.name.localeCompare(b.name);
  });
  return out;
}
