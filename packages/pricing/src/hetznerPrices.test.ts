import {
  HETZNER_PRICES,
  hetznerDailyNet,
  hetznerMonthlyNet,
  hetznerVolumeDailyNet,
} from './hetznerPrices';
import { sumMicros } from './money';

const daysOf = (month: string, days: number) =>
  Array.from(
    { length: days },
    (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`,
  );

describe('Hetzner prices', () => {
  it('prices a server and its volume per month from one table', () => {
    expect(
      hetznerMonthlyNet(HETZNER_PRICES, {
        serverType: 'ccx33',
        volumeSizeGb: 1000,
      }),
    ).toEqual({ server: 48_490_000, volume: 44_000_000, total: 92_490_000 });
    expect(
      hetznerMonthlyNet(HETZNER_PRICES, { serverType: 'ax999' }),
    ).toBeUndefined();
  });

  it('bills a server running all month exactly its monthly cap, whatever the month', () => {
    const ccx33 = HETZNER_PRICES.serverTypes.ccx33;
    for (const [month, days] of [
      ['2026-02', 28],
      ['2026-11', 30],
      ['2026-12', 31],
    ] as const) {
      const total = sumMicros(
        daysOf(month, days).map(d => hetznerDailyNet(ccx33, d)),
      );
      // the per-day rounding is below a micro a day
      expect(Math.abs(total - 48_490_000)).toBeLessThanOrEqual(days);
      const volume = sumMicros(
        daysOf(month, days).map(d =>
          hetznerVolumeDailyNet(HETZNER_PRICES, 1000, d),
        ),
      );
      expect(Math.abs(volume - 44_000_000)).toBeLessThanOrEqual(days);
    }
  });

  it('never bills a day above 24 hours at the hourly price, and uses it when no cap is known', () => {
    // a cap above 24 hourly prices a day does not apply
    expect(
      hetznerDailyNet({ hourlyNet: '0.01', monthlyNet: '100' }, '2026-12-02'),
    ).toBe(240_000);
    // the Hetzner API without price_monthly
    expect(hetznerDailyNet({ hourlyNet: '0.0750000000' }, '2026-11-27')).toBe(
      1_800_000,
    );
  });
});
