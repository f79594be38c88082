import { KubeObject } from '@internal/plugin-node-mix-common';
import { PodRecord } from './podRecord';
import type { NodePods } from './pods';

/** A PodDisruptionBudget that allows no disruption. */
export interface BlockingPdb {
  id: string;
  namespace: string;
  matches: (labels: Record<string, string>) => boolean;
}

function selectorMatcher(
  selector: any,
): ((labels: Record<string, string>) => boolean) | undefined {
  if (!selector || typeof selector !== 'object') {
    return undefined;
  }
  const matchLabels: Record<string, string> = selector.matchLabels ?? {};
  const exprs: any[] = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) {
    // An empty selector selects every pod in the namespace.
    return () => true;
  }
  return labels => {
    for (const [k, v] of Object.entries(matchLabels)) {
      if (labels[k] !== v) return false;
    }
    for (const e of exprs) {
      const has = e.key in labels;
      const values: string[] = e.values ?? [];
      switch (e.operator) {
        case 'In':
          if (!has || !values.includes(labels[e.key])) return false;
          break;
        case 'NotIn':
          if (has && values.includes(labels[e.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
}

/** The PDBs allowing no disruption, by namespace, and a key that changes when they do. */
export function blockingPdbsOf(pdbs: Iterable<KubeObject>): {
  byNamespace: Map<string, BlockingPdb[]>;
  key: string;
} {
  const out = new Map<string, BlockingPdb[]>();
  const keys: string[] = [];
  for (const pdb of pdbs) {
    const allowed = pdb.status?.disruptionsAllowed;
    const namespace = pdb.metadata?.namespace ?? 'default';
    if (allowed !== 0) {
      continue;
    }
    const matches = selectorMatcher(pdb.spec?.selector);
    if (!matches) {
      continue;
    }
    const list = out.get(namespace) ?? [];
    const id = `${namespace}/${pdb.metadata?.name}`;
    list.push({ id, namespace, matches });
    out.set(namespace, list);
    keys.push(JSON.stringify([id, pdb.spec?.selector]));
  }
  return { byNamespace: out, key: keys.join('\n') };
}

/** Adds (`sign` 1) or removes (-1) a pod from the blocking PDBs of its node that cover it. */
export function matchPdbs(
  blockingPdbs: Map<string, BlockingPdb[]>,
  r: PodRecord,
  stats: NodePods,
  sign: 1 | -1,
) {
  const pdbs = blockingPdbs.get(r.namespace);
  if (!pdbs) return;
  const labels = r.labels ?? {};
  for (const pdb of pdbs) {
    if (!pdb.matches(labels)) continue;
    let pods = stats.pdbPods.get(pdb.id);
    if (sign > 0) {
      if (!pods) {
        pods = new Set();
        stats.pdbPods.set(pdb.id, pods);
      }
      pods.add(r.id);
    } else if (pods) {
      pods.delete(r.id);
      if (pods.size === 0) stats.pdbPods.delete(pdb.id);
    }
  }
}
