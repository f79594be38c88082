import { celEnvironment, toCelValue } from './celExtensions';
import { loadKarpenterCrds } from './schemaRegistry';

/** One `x-kubernetes-validations` rule of a CRD schema. */
export interface CrdRule {
  /** `group/version Kind` */
  kind: string;
  /** Schema path, `[]` for list items and `{}` for map values, e.g. `spec.template.spec.requirements[].key` */
  schemaPath: string;
  rule: string;
  message: string;
  /** Transition rules compare with the stored object (oldSelf); a file has none */
  transition: boolean;
}

export interface CelProblem {
  path: Array<string | number>;
  message: string;
  /** The rule failed to run (e.g. on a field of the wrong type) rather than returned false */
  evaluationError?: boolean;
}

interface CompiledRule extends CrdRule {
  evaluate?: (context: Record<string, unknown>) => unknown;
}

interface KindRules {
  schema: any;
  rules: Map<any, CompiledRule[]>;
}

let byKind: Map<string, KindRules> | undefined;

function collect(
  schema: any,
  at: string,
  kind: string,
  into: Map<any, CompiledRule[]>,
) {
  if (!schema || typeof schema !== 'object') return;
  const validations = schema['x-kubernetes-validations'];
  if (Array.isArray(validations) && validations.length) {
    into.set(
      schema,
      validations.map((v: any) => ({
        kind,
        schemaPath: at,
        rule: v.rule,
        message: v.message ?? `failed rule: ${v.rule}`,
        transition: /\boldSelf\b/.test(v.rule),
      })),
    );
  }
  for (const [k, sub] of Object.entries<any>(schema.properties ?? {}))
    collect(sub, at ? `${at}.${k}` : k, kind, into);
  if (schema.items) collect(schema.items, `${at}[]`, kind, into);
  if (typeof schema.additionalProperties === 'object')
    collect(schema.additionalProperties, `${at}{}`, kind, into);
}

function kindRules(): Map<string, KindRules> {
  if (byKind) return byKind;
  const built = new Map<string, KindRules>();
  for (const crd of loadKarpenterCrds()) {
    for (const version of crd.spec.versions) {
      const kind = `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`;
      const rules = new Map<any, CompiledRule[]>();
      collect(version.schema.openAPIV3Schema, '', kind, rules);
      built.set(kind, { schema: version.schema.openAPIV3Schema, rules });
    }
  }
  byKind = built;
  return built;
}

/** Every CEL rule of the vendored Karpenter CRDs. */
export function karpenterCelRules(): CrdRule[] {
  return [...kindRules().values()].flatMap(k =>
    [...k.rules.values()]
      .flat()
      .map(({ evaluate: _evaluate, ...rule }) => rule),
  );
}

function compiled(rule: CompiledRule) {
  rule.evaluate ??= celEnvironment().parse(rule.rule);
  return rule.evaluate;
}

// The API server defaults a field before it validates: a rule may read a
// field the manifest left out (e.g. a budget's nodes).
function withDefaults(value: any, schema: any): any {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out = { ...value };
  for (const [k, sub] of Object.entries<any>(schema?.properties ?? {})) {
    if (out[k] === undefined && sub && 'default' in sub) out[k] = sub.default;
  }
  return out;
}

function walk(
  value: unknown,
  schema: any,
  at: Array<string | number>,
  rules: Map<any, CompiledRule[]>,
  out: CelProblem[],
) {
  if (value === undefined || value === null || !schema) return;
  const defaulted = withDefaults(value, schema);
  for (const rule of rules.get(schema) ?? []) {
    // TODO(transition rules): need the stored object; the API server checks them on update
    if (rule.transition) continue;
    let result: unknown;
    try {
      result = compiled(rule)({ self: toCelValue(defaulted, schema) });
    } catch (e: any) {
      out.push({
        path: at,
        message: `${rule.message} (rule '${
          rule.rule
        }' could not be evaluated: ${e?.message ?? e})`,
      });
      continue;
    }
    if (result !== true) out.push({ path: at, message: rule.message });
  }
  if (Array.isArray(defaulted)) {
    defaulted.forEach((item, i) =>
      walk(item, schema.items, [...at, i], rules, out),
    );
  } else if (typeof defaulted === 'object') {
    for (const [k, v] of Object.entries(defaulted)) {
      const sub =
        schema.properties?.[k] ??
        (typeof schema.additionalProperties === 'object'
          ? schema.additionalProperties
          : undefined);
      walk(v, sub, [...at, k], rules, out);
    }
  }
}

/**
 * Evaluates the `x-kubernetes-validations` CEL rules of the object's CRD (the
 * vendored Karpenter CRDs), as the API server does on create. Transition rules
 * (those using oldSelf) are skipped.
 */
export function checkCelRules(object: any): CelProblem[] {
  const entry = kindRules().get(`${object?.apiVersion} ${object?.kind}`);
  if (!entry) return [];
  const out: CelProblem[] = [];
  walk(object, entry.schema, [], entry.rules, out);
  return out;
}
