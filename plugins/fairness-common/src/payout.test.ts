import { checkPayout, kenoHits, rouletteWins } from './payout';

const base = { wagerMinor: 1800, currency: 'EUR' };

describe('checkPayout', () => {
  it('pays dice by its target and direction (99 / chance)', () => {
    const round = {
      ...base,
      game: 'dice' as const,
      gameParams: { target: 50.5, direction: 'over' },
      result: 72.13,
      payoutMinor: 3600,
    };
    expect(checkPayout(round)).toMatchObject({
      ok: true,
      multiplier: 2,
      expectedPayoutMinor: 3600,
    });
    // a win paid at 2× although the target gives 1.98×
    const under = checkPayout({
      ...round,
      gameParams: { target: 50, direction: 'under' },
      result: 12,
    });
    expect(under).toMatchObject({
      ok: false,
      multiplier: 1.98,
      expectedPayoutMinor: 3564,
    });
    expect(under.reason).toBe(
      'roll under 50.00 wins 50 % of the time and pays 99 / 50 = 1.98×; rolled 12.00: win; stake 18.00 EUR × 1.98 = 35.64 EUR, but the round paid 36.00 EUR',
    );
    // a loss pays nothing
    expect(
      checkPayout({ ...round, result: 50.5, payoutMinor: 0 }),
    ).toMatchObject({ ok: true, expectedPayoutMinor: 0 });
  });

  it('refuses to call a payout checked when the round does not record the bet', () => {
    expect(
      checkPayout({
        ...base,
        game: 'dice',
        gameParams: {},
        result: 72.13,
        payoutMinor: 3600,
      }),
    ).toEqual({
      ok: false,
      reason:
        'the round does not record the dice target and direction (over/under), so its payout cannot be checked against the dice rules',
    });
  });

  it('checks plinko against the table and the recorded multiplier', () => {
    const round = {
      ...base,
      game: 'plinko' as const,
      gameParams: { rows: 16, risk: 'high' },
      result: { bucket: 6, multiplier: 0.2 },
      payoutMinor: 360,
    };
    expect(checkPayout(round)).toMatchObject({ ok: true, multiplier: 0.2 });
    expect(
      checkPayout({ ...round, result: { bucket: 6, multiplier: 2 } }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('the round records 2×'),
    });
  });

  it('checks limbo, crash, roulette, keno and mines by their rules', () => {
    expect(
      checkPayout({
        ...base,
        game: 'limbo',
        gameParams: { target: 2.5 },
        result: 3.1,
        payoutMinor: 4500,
      }),
    ).toMatchObject({ ok: true });
    expect(
      checkPayout({
        ...base,
        game: 'crash',
        gameParams: { cashout: 1.5 },
        result: 1.49,
        payoutMinor: 2700,
      }),
    ).toMatchObject({ ok: false, expectedPayoutMinor: 0 });
    expect(
      checkPayout({
        ...base,
        game: 'roulette',
        gameParams: { bet: 'straight-17' },
        result: 17,
        payoutMinor: 64800,
      }),
    ).toMatchObject({ ok: true, multiplier: 36 });
    expect(
      checkPayout({
        ...base,
        game: 'keno',
        gameParams: { picks: [3, 7, 12] },
        result: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19],
        payoutMinor: 5580,
      }),
    ).toMatchObject({ ok: true, multiplier: 3.1 });
    // 2 safe tiles with 3 mines: 0.99 × (25 × 24) / (22 × 21) = 1.2857…
    expect(
      checkPayout({
        ...base,
        game: 'mines',
        gameParams: { mines: 3, picks: [0, 1] },
        result: [5, 9, 17],
        payoutMinor: 2314,
      }),
    ).toMatchObject({ ok: true, multiplier: 1.2857 });
    expect(
      checkPayout({
        ...base,
        game: 'mines',
        gameParams: { mines: 3, picks: [0, 9] },
        result: [5, 9, 17],
        payoutMinor: 2314,
      }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^tile 9/) });
  });
});

describe('game rules', () => {
  it('knows the roulette bets', () => {
    expect(rouletteWins('red', 1)).toBe(true);
    expect(rouletteWins('black', 1)).toBe(false);
    expect(rouletteWins('even', 0)).toBe(false);
    expect(rouletteWins('column-2', 35)).toBe(true);
    expect(rouletteWins('dozen-3', 24)).toBe(false);
    expect(rouletteWins('straight-0', 0)).toBe(true);
  });

  it('counts keno hits', () => {
    expect(kenoHits([1, 2, 40], [40, 2, 9])).toEqual([2, 40]);
  });
});
