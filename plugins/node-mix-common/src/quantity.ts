/**
 * Kubernetes resource quantities ("1500m", "3Gi", "1e3", 2) as numbers of
 * base units (cores, bytes). Isomorphic, so the frontend can use it too.
 */

/** The result of parsing a quantity: a number, or why it is not one. @public */
export type QuantityResult =
  | { ok: true; value: number }
  | { ok: false; error: string };

// The grammar of resource.Quantity (same as the CRDs' `pattern`).
const QUANTITY =
  /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?$/;

const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const cache = new Map<string, QuantityResult>();

/**
 * Parses a quantity. Garbage, empty strings, NaN and infinities are
 * reported, never returned as `NaN`.
 * @public
 */
export function parseQuantity(input: unknown): QuantityResult {
  if (typeof input === 'number') {
    return Number.isFinite(input)
      ? { ok: true, value: input }
      : { ok: false, error: `'${input}' is not a finite number` };
  }
  if (typeof input !== 'string') {
    return {
      ok: false,
      error:
        input === undefined
          ? 'missing'
          : `'${String(input)}' is not a quantity`,
    };
  }
  const cached = cache.get(input);
  if (cached) {
    return cached;
  }
  let result: QuantityResult;
  const m = QUANTITY.exec(input.trim());
  if (!m) {
    result = { ok: false, error: `'${input}' is not a quantity` };
  } else {
    const base = parseFloat(m[1]);
    const suffix = m[2];
    let value: number;
    if (!suffix) {
      value = base;
    } else if (suffix[0] === 'e' || suffix[0] === 'E') {
      value = base * 10 ** parseFloat(suffix.slice(1));
    } else {
      value = base * SUFFIX[suffix];
    }
    result = Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, error: `'${input}' is out of range` };
  }
  if (cache.size < 10_000) {
    cache.set(input, result);
  }
  return result;
}

/**
 * Parses a quantity that must be a non-negative amount of a resource.
 * @public
 */
export function parseResourceQuantity(input: unknown): QuantityResult {
  const r = parseQuantity(input);
  if (r.ok && r.value < 0) {
    return { ok: false, error: `'${String(input)}' is negative` };
  }
  return r;
}
