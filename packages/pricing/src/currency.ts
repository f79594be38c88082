import { decimalToMicros, Micros, multiplyMicros } from './money';

/**
 * The one currency rule: every page reports in USD, Hetzner's EUR prices are
 * converted at one exchange rate, and the rate is shown next to the result.
 * @public
 */
export interface ExchangeRate {
  /** USD per EUR as a decimal string, e.g. "1.08". */
  eurToUsd: string;
  /** Where the rate comes from (config key or this table). */
  source: string;
}

/**
 * The rate used when `cost.hetzner.eurToUsd` is not configured.
 * @public
 */
export const DEFAULT_EXCHANGE_RATE: ExchangeRate = {
  eurToUsd: '1.08',
  source: 'default rate of @internal/pricing (2026-11-27)',
};

/** Converts EUR micros to USD micros at the rate. @public */
export function eurToUsd(eur: Micros, rate: ExchangeRate): Micros {
  return multiplyMicros(eur, rate.eurToUsd);
}

/** Checks a configured rate; throws a TypeError naming the value. @public */
export function parseExchangeRate(value: string, source: string): ExchangeRate {
  const micros = decimalToMicros(value);
  if (micros <= 0) {
    throw new TypeError(`'${value}' is not a positive exchange rate`);
  }
  return { eurToUsd: value, source };
}

/** "1 EUR = 1.08 USD" for the page or the pull request. @public */
export function describeExchangeRate(rate: ExchangeRate): string {
  return `1 EUR = ${rate.eurToUsd} USD (${rate.source})`;
}
