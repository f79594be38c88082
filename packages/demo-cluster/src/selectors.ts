import { K8sObject } from './model';

/** A parse error the server answers with 400 BadRequest, like the API server. */
export class SelectorError extends Error {}

type Predicate = (obj: K8sObject) => boolean;

// Splits on commas that are not inside `in (a,b)` parentheses.
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(Boolean);
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_./]*[a-z0-9A-Z])?)$/;

/**
 * Parses a Kubernetes label selector (`a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a`, `!a`) into a predicate over objects' labels.
 */
export function parseLabelSelector(selector: string): Predicate {
  const preds: Predicate[] = splitTerms(selector).map(term => {
    const set = term.match(/^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/);
    if (set) {
      const [, key, op, list] = set;
      const values = new Set(list.split(',').map(v => v.trim()));
      return op === 'in'
        ? o => values.has(o.metadata.labels?.[key] as string)
        : o => !values.has(o.metadata.labels?.[key] as string);
    }
    const eq = term.match(/^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/);
    if (eq) {
      const [, key, op, value] = eq;
      if (!KEY.test(key)) {
        throw new SelectorError(`invalid label key "${key}"`);
      }
      return op === '!='
        ? o => o.metadata.labels?.[key] !== value
        : o => o.metadata.labels?.[key] === value;
    }
    const exists = term.match(/^(!?)([^!=\s()]+)$/);
    if (exists && KEY.test(exists[2])) {
      const [, not, key] = exists;
      return not
        ? o => !(o.metadata.labels && key in o.metadata.labels)
        : o => !!(o.metadata.labels && key in o.metadata.labels);
    }
    throw new SelectorError(`unable to parse requirement: "${term}"`);
  });
  return o => preds.every(p => p(o));
}

const FIELD_GETTERS: Record<string, (o: K8sObject) => unknown> = {
  'metadata.name': o => o.metadata.name,
  'metadata.namespace': o => o.metadata.namespace,
  'spec.nodeName': o => o.spec?.nodeName ?? '',
  'status.phase': o => o.status?.phase,
  'spec.unschedulable': o => String(o.spec?.unschedulable ?? false),
  // core/v1 Events (pkg/registry/core/event/strategy.go ToSelectableFields)
  'involvedObject.kind': o => o.involvedObject?.kind,
  'involvedObject.name': o => o.involvedObject?.name,
  'involvedObject.namespace': o => o.involvedObject?.namespace ?? '',
  'involvedObject.uid': o => o.involvedObject?.uid,
  'involvedObject.apiVersion': o => o.involvedObject?.apiVersion,
  reason: o => o.reason,
  reportingComponent: o => o.reportingComponent ?? '',
  source: o => o.source?.component ?? '',
  type: o => o.type,
};

/** Parses the field selectors the API server supports for these resources. */
export function parseFieldSelector(selector: string): Predicate {
  const preds: Predicate[] = splitTerms(selector).map(term => {
    const m = term.match(/^([^!=]+)(==|=|!=)(.*)$/);
    if (!m) {
      throw new SelectorError(`invalid selector: '${term}'`);
    }
    const [, field, op, value] = m;
    const get = FIELD_GETTERS[field.trim()];
    if (!get) {
      throw new SelectorError(`field label not supported: ${field.trim()}`);
    }
    return op === '!=' ? o => get(o) !== value : o => get(o) === value;
  });
  return o => preds.every(p => p(o));
}
