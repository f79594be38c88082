import { parseDurationMs } from './duration';

describe('parseDurationMs', () => {
  it('reads Karpenter durations', () => {
    expect(parseDurationMs('720h')).toBe(720 * 3600_000);
    expect(parseDurationMs('1h30m')).toBe(90 * 60_000);
    expect(parseDurationMs('Never')).toBeNull();
    expect(parseDurationMs('soon')).toBeUndefined();
  });
});
