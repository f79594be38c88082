import { GameName, PLINKO_PAYOUTS, PlinkoRisk } from './games';
import { CheckOutcome, FairnessRound } from './round';

/**
 * The platform's keno table: multiplier by number of hits, per number of
 * picks (1 to 10). Index = hits.
 * @public
 */
export const KENO_PAYOUTS: Record<number, number[]> = {
  1: [0, 3.96],
  2: [0, 1.9, 4.5],
  3: [0, 1, 3.1, 10.4],
  4: [0, 0.8, 1.8, 5, 22.5],
  5: [0, 0.25, 1.4, 4.1, 16.5, 36],
  6: [0, 0, 1, 3.68, 7, 16.5, 40],
  7: [0, 0, 0.47, 3, 4.5, 14, 31, 60],
  8: [0, 0, 0, 2.2, 4, 13, 22, 55, 70],
  9: [0, 0, 0, 1.55, 3, 8, 15, 44, 60, 85],
  10: [0, 0, 0, 1.4, 2.25, 4.5, 8, 17, 50, 80, 100],
};

/** Red pockets of a single-zero roulette wheel. @public */
export const ROULETTE_RED = [
  1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36,
];

/** Multipliers (stake included) of the roulette bets the log understands. @public */
export const ROULETTE_BETS: Record<string, { pays: number; wins: string }> = {
  red: { pays: 2, wins: 'a red pocket' },
  black: { pays: 2, wins: 'a black pocket' },
  odd: { pays: 2, wins: 'an odd pocket (not 0)' },
  even: { pays: 2, wins: 'an even pocket (not 0)' },
  low: { pays: 2, wins: 'pockets 1 to 18' },
  high: { pays: 2, wins: 'pockets 19 to 36' },
  'dozen-1': { pays: 3, wins: 'pockets 1 to 12' },
  'dozen-2': { pays: 3, wins: 'pockets 13 to 24' },
  'dozen-3': { pays: 3, wins: 'pockets 25 to 36' },
  'column-1': { pays: 3, wins: 'pockets 1, 4, …, 34' },
  'column-2': { pays: 3, wins: 'pockets 2, 5, …, 35' },
  'column-3': { pays: 3, wins: 'pockets 3, 6, …, 36' },
};

/** Does the roulette bet win on this pocket? `straight-N` bets on one pocket (36×). @public */
export function rouletteWins(bet: string, pocket: number): boolean {
  const straight = /^straight-(\d{1,2})$/.exec(bet);
  if (straight) return Number(straight[1]) === pocket;
  if (pocket === 0) return false;
  switch (bet) {
    case 'red':
      return ROULETTE_RED.includes(pocket);
    case 'black':
      return !ROULETTE_RED.includes(pocket);
    case 'odd':
      return pocket % 2 === 1;
    case 'even':
      return pocket % 2 === 0;
    case 'low':
      return pocket <= 18;
    case 'high':
      return pocket >= 19;
    default: {
      const group = /^(dozen|column)-([123])$/.exec(bet);
      if (!group) return false;
      const n = Number(group[2]);
      return group[1] === 'dozen'
        ? Math.ceil(pocket / 12) === n
        : ((pocket - 1) % 3) + 1 === n;
    }
  }
}

/** Keno squares of the player's picks that were drawn. @public */
export function kenoHits(picks: number[], drawn: number[]): number[] {
  return picks.filter(p => drawn.includes(p));
}

/** The 1 % house edge every game but plinko and keno prices in. */
const RTP_PERCENT = 99n;
/** Multipliers are exact to 1/10000 (four decimals). */
const SCALE = 10000n;

type Rule = {
  /** Multiplier × 10000, stake included; 0 for a loss. */
  multiplier4: bigint;
  /** The rule in words, naming the inputs. */
  rule: string;
  /** The round contradicts the table itself (e.g. a plinko multiplier that is not the bucket's). */
  contradicts?: boolean;
};

const hundredths = (n: number) => BigInt(Math.round(n * 100));
const fixed2 = (n: number) => n.toFixed(2);
const asNumbers = (value: unknown): number[] | undefined =>
  Array.isArray(value) && value.every(v => Number.isInteger(v))
    ? (value as number[])
    : undefined;

/** What a round's payout must be by its game's rules, or what is missing to tell. */
function payoutRule(
  round: Pick<FairnessRound, 'game' | 'gameParams' | 'result'>,
): Rule | { missing: string } {
  const params = round.gameParams as Record<string, unknown>;
  const result = round.result as unknown;
  const game: GameName = round.game;
  switch (game) {
    case 'dice': {
      const { target, direction } = params;
      if (
        typeof target !== 'number' ||
        (direction !== 'over' && direction !== 'under')
      ) {
        return { missing: 'the dice target and direction (over/under)' };
      }
      const roll = result as number;
      const chance4 =
        direction === 'over' ? 10000n - hundredths(target) : hundredths(target);
      const multiplier4 = (RTP_PERCENT * 100n * SCALE) / chance4;
      const won = direction === 'over' ? roll > target : roll < target;
      return {
        multiplier4: won ? multiplier4 : 0n,
        rule: `roll ${direction} ${fixed2(target)} wins ${
          Number(chance4) / 100
        } % of the time and pays 99 / ${Number(chance4) / 100} = ${
          Number(multiplier4) / 10000
        }×; rolled ${fixed2(roll)}: ${won ? 'win' : 'loss'}`,
      };
    }
    case 'limbo':
    case 'crash': {
      const key = game === 'limbo' ? 'target' : 'cashout';
      const target = params[key];
      if (typeof target !== 'number') {
        return {
          missing: `the ${
            game === 'limbo' ? 'limbo target' : 'cash-out multiplier'
          } (${key})`,
        };
      }
      const point = result as number;
      const won = point >= target;
      return {
        multiplier4: won ? hundredths(target) * 100n : 0n,
        rule: `${game === 'limbo' ? 'target' : 'cash out at'} ${fixed2(
          target,
        )}× pays ${fixed2(target)}× when the ${
          game === 'limbo' ? 'result' : 'crash point'
        } reaches it; ${game === 'limbo' ? 'result' : 'crashed at'} ${fixed2(
          point,
        )}×: ${won ? 'win' : 'loss'}`,
      };
    }
    case 'roulette': {
      const { bet } = params;
      const straight = typeof bet === 'string' && /^straight-\d+$/.test(bet);
      if (typeof bet !== 'string' || (!straight && !ROULETTE_BETS[bet])) {
        return { missing: 'the roulette bet (e.g. red, dozen-2, straight-17)' };
      }
      const pays = straight ? 36 : ROULETTE_BETS[bet].pays;
      const won = rouletteWins(bet, result as number);
      return {
        multiplier4: won ? BigInt(pays) * SCALE : 0n,
        rule: `bet ${bet} pays ${pays}×; pocket ${result}: ${
          won ? 'win' : 'loss'
        }`,
      };
    }
    case 'plinko': {
      const { rows, risk } = params;
      const { bucket, multiplier } = result as {
        bucket: number;
        multiplier: number;
      };
      const table = PLINKO_PAYOUTS[risk as PlinkoRisk]?.[rows as number];
      if (!table || table[bucket] === undefined) {
        return { missing: 'plinko rows (8-16) and risk (low/medium/high)' };
      }
      if (table[bucket] !== multiplier) {
        return {
          multiplier4: hundredths(table[bucket]) * 100n,
          rule: `the ${risk}-risk ${rows}-row table pays ${table[bucket]}× in bucket ${bucket}, the round records ${multiplier}×`,
          contradicts: true,
        };
      }
      return {
        multiplier4: hundredths(table[bucket]) * 100n,
        rule: `the ${risk}-risk ${rows}-row table pays ${table[bucket]}× in bucket ${bucket}`,
      };
    }
    case 'keno': {
      const picks = asNumbers(params.picks);
      if (!picks || !KENO_PAYOUTS[picks.length]) {
        return { missing: 'the keno picks (1 to 10 squares)' };
      }
      const hits = kenoHits(picks, result as number[]);
      const multiplier = KENO_PAYOUTS[picks.length][hits.length];
      return {
        multiplier4: hundredths(multiplier) * 100n,
        rule: `${picks.length} picks with ${hits.length} hits pay ${multiplier}× by the keno table`,
      };
    }
    case 'mines': {
      const mines = params.mines as number;
      const picks = asNumbers(params.picks);
      if (!picks) {
        return { missing: 'the tiles the player opened (picks)' };
      }
      const hit = picks.find(p => (result as number[]).includes(p));
      if (hit !== undefined) {
        return {
          multiplier4: 0n,
          rule: `tile ${hit} was a mine: loss`,
        };
      }
      // 0.99 × C(25, k) / C(25 − mines, k): the inverse odds of k safe tiles.
      let num = RTP_PERCENT * SCALE;
      let den = 100n;
      for (let i = 0; i < picks.length; i++) {
        num *= BigInt(25 - i);
        den *= BigInt(25 - mines - i);
      }
      const multiplier4 = num / den;
      return {
        multiplier4,
        rule: `${
          picks.length
        } safe tiles with ${mines} mines pay 0.99 × C(25, ${
          picks.length
        }) / C(${25 - mines}, ${picks.length}) = ${
          Number(multiplier4) / 10000
        }×`,
      };
    }
    default:
      return { missing: `rules for game '${String(game)}'` };
  }
}

/** Outcome of the payout check, with the numbers behind it. @public */
export type PayoutCheck = CheckOutcome & {
  /** Multiplier by the game's rules (stake included), when the round records enough to tell. */
  multiplier?: number;
  /** floor(stake × multiplier) in the currency's minor unit. */
  expectedPayoutMinor?: number;
};

/**
 * Check 4: the payout equals the stake times the multiplier the game's rules
 * and table give for the recorded result and bet (floored to the minor unit).
 * @public
 */
export function checkPayout(
  round: Pick<
    FairnessRound,
    'game' | 'gameParams' | 'result' | 'wagerMinor' | 'payoutMinor' | 'currency'
  >,
): PayoutCheck {
  const money = (minor: number) =>
    `${(minor / 100).toFixed(2)} ${round.currency}`;
  let rule: ReturnType<typeof payoutRule>;
  try {
    rule = payoutRule(round);
  } catch (error) {
    return {
      ok: false,
      reason: `cannot apply the ${round.game} rules: ${
        (error as Error).message
      }`,
    };
  }
  if ('missing' in rule) {
    return {
      ok: false,
      reason: `the round does not record ${rule.missing}, so its payout cannot be checked against the ${round.game} rules`,
    };
  }
  const expected = Number(
    (BigInt(round.wagerMinor) * rule.multiplier4) / SCALE,
  );
  const multiplier = Number(rule.multiplier4) / 10000;
  const ok = expected === round.payoutMinor && !rule.contradicts;
  return {
    ok,
    multiplier,
    expectedPayoutMinor: expected,
    reason: ok
      ? `${rule.rule}; stake ${money(
          round.wagerMinor,
        )} × ${multiplier} = payout ${money(expected)}`
      : `${rule.rule}; stake ${money(
          round.wagerMinor,
        )} × ${multiplier} = ${money(expected)}, but the round paid ${money(
          round.payoutMinor,
        )}`,
  };
}
