import {
  DEFAULT_EXCHANGE_RATE,
  describeExchangeRate,
  eurToUsd,
  parseExchangeRate,
} from './currency';

describe('currency', () => {
  it('converts EUR to USD at one rate and says which', () => {
    expect(eurToUsd(48_490_000, DEFAULT_EXCHANGE_RATE)).toBe(52_369_200);
    const configured = parseExchangeRate('1.10', 'cost.hetzner.eurToUsd');
    expect(eurToUsd(1_000_000, configured)).toBe(1_100_000);
    expect(describeExchangeRate(configured)).toBe(
      '1 EUR = 1.10 USD (cost.hetzner.eurToUsd)',
    );
  });

  it('refuses a rate that is not a positive decimal', () => {
    expect(() => parseExchangeRate('0', 'x')).toThrow(
      "'0' is not a positive exchange rate",
    );
    expect(() => parseExchangeRate('1,08', 'x')).toThrow(
      "'1,08' is not a decimal amount",
    );
  });
});
