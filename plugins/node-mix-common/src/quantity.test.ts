import { parseQuantity, parseResourceQuantity } from './quantity';
import { formatBytes, formatCores, formatUsd } from './format';

describe('parseQuantity', () => {
  it.each([
    ['1500m', 1.5],
    ['4', 4],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['3Gi', 3 * 2 ** 30],
    ['16073500Ki', 16073500 * 1024],
    ['128Mi', 128 * 2 ** 20],
    ['1e3', 1000],
    ['1E3', 1000],
    ['2.5e-3', 0.0025],
    ['1k', 1000],
    ['1M', 1e6],
    ['250000000n', 0.25],
    ['+2', 2],
    [8, 8],
  ])('reads %p', (input, expected) => {
    const r = parseQuantity(input);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value).toBeCloseTo(expected as number, 9);
  });

  it.each([
    '',
    'abc',
    '1.5.5',
    '3GiB',
    '12 cores',
    'NaN',
    '1e',
    'Infinity',
    '--1',
    '1e400',
  ])('reports %p instead of returning NaN', input => {
    const r = parseQuantity(input);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toContain(input === '' ? "''" : input);
  });

  it('reports missing values, non-strings and negative requests', () => {
    expect(parseQuantity(undefined)).toEqual({ ok: false, error: 'missing' });
    expect(parseQuantity(NaN).ok).toBe(false);
    expect(parseQuantity({}).ok).toBe(false);
    expect(parseResourceQuantity('-1').ok).toBe(false);
    expect(parseQuantity('-1')).toEqual({ ok: true, value: -1 });
  });
});

describe('format', () => {
  it('never prints NaN', () => {
    expect(formatCores(NaN)).toBe('–');
    expect(formatBytes(undefined)).toBe('–');
    expect(formatUsd(NaN)).toBe('unknown');
    expect(formatUsd(1234.5, true)).toBe('≥ $1,235');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.0 GiB');
  });
});
