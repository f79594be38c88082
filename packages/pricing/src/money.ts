/**
 * Money as integer micro-units of a currency (1 USD = 1,000,000 micros).
 *
 * Hourly allocations of a pod's share of a node are fractions of a cent, so
 * cents are too coarse; micros keep a year of a 5,000-node cluster far below
 * `Number.MAX_SAFE_INTEGER` (9e15 micros = 9 billion USD), and sums of
 * integers are exact in any order.
 */

/** Integer micro-units of a currency. @public */
export type Micros = number;

/** Micro-units per unit of currency. @public */
export const MICROS_PER_UNIT = 1_000_000;

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

function checkSafe(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} is out of the exact integer range: ${value}`);
  }
  return value;
}

/**
 * Parses a decimal string ("12.3456789", as AWS and Hetzner send amounts)
 * into micros, rounding half away from zero at the sixth decimal, without
 * going through a binary float.
 * @public
 */
export function decimalToMicros(input: string): Micros {
  const m = DECIMAL.exec(input.trim());
  if (!m) {
    throw new TypeError(`'${input}' is not a decimal amount`);
  }
  const [, sign, whole, frac = ''] = m;
  const padded = `${frac}0000000`;
  let micros = BigInt(whole) * 1_000_000n + BigInt(padded.slice(0, 6));
  if (Number(padded[6]) >= 5) {
    micros += 1n;
  }
  const value = Number(sign === '-' ? -micros : micros);
  return checkSafe(value, `'${input}'`);
}

/** Formats micros as an exact decimal string with six decimals. @public */
export function microsToDecimal(micros: Micros): string {
  checkSafe(micros, 'amount');
  const negative = micros < 0;
  const abs = BigInt(Math.abs(micros));
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/**
 * Converts a price given as a JavaScript number of currency units (the
 * node-mix price table's USD/hour) to micros. Prices have at most a few
 * decimals, so rounding to the nearest micro is exact for them.
 * @public
 */
export function unitsToMicros(units: number): Micros {
  if (!Number.isFinite(units)) {
    throw new RangeError(`${units} is not a finite amount`);
  }
  return checkSafe(Math.round(units * MICROS_PER_UNIT), `${units}`);
}

/**
 * Multiplies an amount by an exact decimal factor (an exchange rate such as
 * "1.08"), rounding half away from zero to the micro.
 * @public
 */
export function multiplyMicros(micros: Micros, factor: string): Micros {
  const f = BigInt(decimalToMicros(factor));
  const product = BigInt(micros) * f;
  const half = 500_000n;
  const rounded =
    product >= 0n
      ? (product + half) / 1_000_000n
      : (product - half) / 1_000_000n;
  return checkSafe(Number(rounded), 'product');
}

/** Sums micros, failing loudly rather than losing precision. @public */
export function sumMicros(values: Iterable<Micros>): Micros {
  let total = 0;
  for (const v of values) {
    total += v;
  }
  return checkSafe(total, 'sum');
}

/**
 * The one money formatter ("$1,234.57", "€48.49"). Display only: the float
 * made here is never summed. Whole units from 100 up unless `precise` (two
 * decimals) or `fractionDigits` (exactly that many, for hourly prices).
 * @public
 */
export function formatMoney(
  micros: Micros,
  currency = 'USD',
  options: {
    compact?: boolean;
    precise?: boolean;
    fractionDigits?: number;
  } = {},
): string {
  let min = options.precise ? 2 : 0;
  let max = options.precise || Math.abs(micros) < 100 * MICROS_PER_UNIT ? 2 : 0;
  if (options.fractionDigits !== undefined) {
    min = max = options.fractionDigits;
  }
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: options.compact ? 'compact' : 'standard',
    minimumFractionDigits: min,
    maximumFractionDigits: max,
  }).format(micros / MICROS_PER_UNIT);
}
