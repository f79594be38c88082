import { formatAge, formatAgo, formatDuration } from './formatDuration';

describe('formatDuration', () => {
  it('says seconds, minutes, hours and days', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(37 * 60)).toBe('37 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(7 * 86_400)).toBe('7 d');
  });

  it('moves up a unit instead of reading 90 min or 48 h', () => {
    expect(formatDuration(89.4)).toBe('89 s');
    expect(formatDuration(89.5 * 60)).toBe('2 h');
    expect(formatDuration(89 * 60)).toBe('89 min');
    expect(formatDuration(47 * 3600)).toBe('47 h');
    expect(formatDuration(40 * 3600)).toBe('40 h');
    expect(formatDuration(48 * 3600)).toBe('2 d');
  });
});

describe('formatAge', () => {
  it('is the duration, or unknown when there is no age', () => {
    expect(formatAge(600)).toBe('10 min');
    expect(formatAge(undefined)).toBe('unknown');
    expect(formatAge(NaN)).toBe('unknown');
  });

  it('reads a clock a little ahead as 0 s, not a negative age', () => {
    expect(formatAge(-3)).toBe('0 s');
  });
});

describe('formatAgo', () => {
  const now = Date.parse('2026-12-03T08:00:00Z');

  it('says how long ago a timestamp was', () => {
    expect(formatAgo('2026-12-03T07:57:00Z', now)).toBe('3 min ago');
    expect(formatAgo('2026-12-03T07:59:30Z', now)).toBe('30 s ago');
    expect(formatAgo('2026-12-01T08:00:00Z', now)).toBe('2 d ago');
  });

  it('says — without a timestamp', () => {
    expect(formatAgo(undefined, now)).toBe('—');
  });
});
