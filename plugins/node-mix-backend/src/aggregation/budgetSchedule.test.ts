import { isBudgetScheduleActive } from './budgetSchedule';

describe('isBudgetScheduleActive', () => {
  // infra/'s freeze: Friday 16:00 UTC for 56 h
  const at = (iso: string) => Date.parse(iso);
  it('is active inside the window and not outside', () => {
    expect(
      isBudgetScheduleActive('0 16 * * 5', '56h', at('2026-11-27T16:30:00Z')),
    ).toBe(true); // Fri
    expect(
      isBudgetScheduleActive('0 16 * * 5', '56h', at('2026-11-29T23:59:00Z')),
    ).toBe(true); // Sun
    expect(
      isBudgetScheduleActive('0 16 * * 5', '56h', at('2026-11-30T00:01:00Z')),
    ).toBe(false); // Mon
    expect(
      isBudgetScheduleActive('0 16 * * 5', '56h', at('2026-11-27T15:59:00Z')),
    ).toBe(false);
    expect(
      isBudgetScheduleActive('@daily', '1h', at('2026-11-25T00:30:00Z')),
    ).toBe(true);
    expect(
      isBudgetScheduleActive(
        '0 9-17/2 * * 1-5',
        '30m',
        at('2026-11-25T11:10:00Z'),
      ),
    ).toBe(true);
  });

  it('says it cannot tell for a schedule it cannot read', () => {
    expect(
      isBudgetScheduleActive('every friday', '1h', Date.now()),
    ).toBeUndefined();
    expect(
      isBudgetScheduleActive('0 16 * * 5', 'long', Date.now()),
    ).toBeUndefined();
  });
});
