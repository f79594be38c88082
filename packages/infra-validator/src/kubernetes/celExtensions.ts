import { requireEsmOnly } from '../util/esm';

/**
 * A CEL environment for the `x-kubernetes-validations` rules of CRDs:
 * @marcbachmann/cel-js with the Kubernetes CEL library functions it lacks
 * (https://kubernetes.io/docs/reference/using-api/cel/). cel-js already has
 * has/all/exists/exists_one/filter/map, size, matches, startsWith, endsWith,
 * contains, split, lowerAscii, upperAscii, trim, join, int() and duration().
 */

export interface CelEnvironment {
  parse(expression: string): (context: Record<string, unknown>) => unknown;
}

// Kubernetes extension functions: the regex library (find, findAll) and
// strings functions that cel-js does not ship. Registered only when missing,
// so a newer cel-js that has them wins.
const EXTENSIONS: Array<[string, (...args: any[]) => unknown]> = [
  [
    'string.find(string): string',
    (s: string, re: string) => new RegExp(re).exec(s)?.[0] ?? '',
  ],
  [
    'string.findAll(string): list<string>',
    (s: string, re: string) =>
      [...s.matchAll(new RegExp(re, 'g'))].map(m => m[0]),
  ],
  [
    'string.findAll(string, int): list<string>',
    (s: string, re: string, n: bigint) => {
      const all = [...s.matchAll(new RegExp(re, 'g'))].map(m => m[0]);
      return n < 0n ? all : all.slice(0, Number(n));
    },
  ],
  [
    'string.replace(string, string): string',
    (s: string, from: string, to: string) => s.split(from).join(to),
  ],
  ['string.charAt(int): string', (s: string, i: bigint) => s.charAt(Number(i))],
  ['string.reverse(): string', (s: string) => [...s].reverse().join('')],
];

let env: CelEnvironment | undefined;

// cel-js is loaded through Node's own require (see util/esm), so under Jest it
// lives in Node's realm and refuses objects and arrays made in Jest's
// ('Unsupported type: Object'); values handed to it are built in Node's realm.
const nodeRealm: typeof globalThis = (
  process as unknown as {
    getBuiltinModule(id: 'node:vm'): typeof import('node:vm');
  }
)
  .getBuiltinModule('node:vm')
  .runInThisContext('globalThis');

/** The shared environment (cel-js is ESM-only, loaded through Node's require). */
export function celEnvironment(): CelEnvironment {
  if (env) return env;
  const { Environment } = requireEsmOnly(
    '@marcbachmann/cel-js',
    'lib/index.js',
  );
  const created = new Environment({
    unlistedVariablesAreDyn: true,
    homogeneousAggregateLiterals: false,
  });
  for (const [signature, handler] of EXTENSIONS) {
    try {
      created.registerFunction(signature, handler);
    } catch (e: any) {
      if (!/overlaps with existing overload/.test(String(e?.message))) throw e;
    }
  }
  env = created;
  return created;
}

/**
 * Converts a decoded YAML/JSON value to CEL values using its schema: CEL's
 * int is a BigInt in cel-js, double a number.
 */
export function toCelValue(value: unknown, schema: any): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number') {
    if (schema?.type === 'number') return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value))
    return nodeRealm.Array.from(value, v => toCelValue(v, schema?.items));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = new nodeRealm.Object() as any;
    for (const [k, v] of Object.entries(value)) {
      const sub =
        schema?.properties?.[k] ??
        (typeof schema?.additionalProperties === 'object'
          ? schema.additionalProperties
          : undefined);
      out[k] = toCelValue(v, sub);
    }
    return out;
  }
  return value;
}
