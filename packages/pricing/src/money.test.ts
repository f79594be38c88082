import {
  decimalToMicros,
  formatMoney,
  microsToDecimal,
  multiplyMicros,
  sumMicros,
  unitsToMicros,
} from './money';

describe('money', () => {
  it('parses decimal strings exactly, rounding at the sixth decimal', () => {
    expect(decimalToMicros('12.345678')).toBe(12_345_678);
    expect(decimalToMicros('0.0000004')).toBe(0);
    expect(decimalToMicros('0.0000005')).toBe(1);
    expect(decimalToMicros('-1.5')).toBe(-1_500_000);
    expect(decimalToMicros('7')).toBe(7_000_000);
    // AWS sends up to ten decimals
    expect(decimalToMicros('0.1000000000')).toBe(100_000);
  });

  it('rejects what is not a decimal', () => {
    expect(() => decimalToMicros('1e3')).toThrow(
      "'1e3' is not a decimal amount",
    );
    expect(() => decimalToMicros('')).toThrow();
    expect(() => decimalToMicros('12,50')).toThrow();
  });

  it('round-trips through decimal strings', () => {
    expect(microsToDecimal(12_345_678)).toBe('12.345678');
    expect(microsToDecimal(-5)).toBe('-0.000005');
    expect(decimalToMicros(microsToDecimal(987_654_321_012))).toBe(
      987_654_321_012,
    );
  });

  it('sums where binary floats would drift', () => {
    const tenCents = decimalToMicros('0.1');
    const values = Array.from({ length: 1000 }, () => tenCents);
    expect(sumMicros(values)).toBe(100_000_000);
    // the float version is not exact
    expect(
      Array.from({ length: 1000 }, () => 0.1).reduce((a, b) => a + b, 0),
    ).not.toBe(100);
  });

  it('converts table prices and exchange rates', () => {
    expect(unitsToMicros(0.0816)).toBe(81_600);
    expect(unitsToMicros(0.096 * 4)).toBe(384_000);
    expect(multiplyMicros(decimalToMicros('100'), '1.08')).toBe(108_000_000);
    expect(multiplyMicros(3, '0.5')).toBe(2);
  });

  it('refuses amounts it cannot hold exactly', () => {
    expect(() => sumMicros([Number.MAX_SAFE_INTEGER, 10])).toThrow(
      /exact integer range/,
    );
    expect(() => unitsToMicros(NaN)).toThrow();
  });

  it('formats for people', () => {
    expect(formatMoney(1_234_567_000)).toBe('$1,235');
    expect(formatMoney(12_345_678)).toBe('$12.35');
    expect(formatMoney(1_234_567_000, 'USD', { precise: true })).toBe(
      '$1,234.57',
    );
  });
});
