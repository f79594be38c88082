import {
  FairnessRound,
  ROULETTE_RED,
  kenoHits,
} from '@internal/plugin-fairness-common';

/** One labelled line of a round's game: what the player chose, what came out. */
export type GameDetail = { label: string; value: string };

const x = (n: unknown) => `${Number(n).toFixed(2)}×`;
const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : '—');
const notRecorded = 'not recorded with this round';

function pocket(n: number) {
  if (n === 0) return '0 (green)';
  return `${n} (${ROULETTE_RED.includes(n) ? 'red' : 'black'})`;
}

/**
 * The game's parameters and result in the game's own terms (dice target and
 * direction, plinko rows/risk/bucket, keno picks and hits, mine tiles …)
 * instead of raw JSON.
 */
export function gameDetails(
  round: Pick<FairnessRound, 'game' | 'gameParams' | 'result'>,
): GameDetail[] {
  const p = round.gameParams as Record<string, unknown>;
  const r = round.result as unknown;
  switch (round.game) {
    case 'dice':
      return [
        {
          label: 'Bet',
          value:
            p.target !== undefined
              ? `roll ${p.direction} ${Number(p.target).toFixed(2)}`
              : `target and direction ${notRecorded}`,
        },
        { label: 'Roll', value: Number(r).toFixed(2) },
      ];
    case 'limbo':
      return [
        {
          label: 'Target multiplier',
          value: p.target !== undefined ? x(p.target) : notRecorded,
        },
        { label: 'Result multiplier', value: x(r) },
      ];
    case 'crash':
      return [
        {
          label: 'Cash out at',
          value: p.cashout !== undefined ? x(p.cashout) : notRecorded,
        },
        { label: 'Crash point', value: x(r) },
      ];
    case 'roulette':
      return [
        {
          label: 'Bet',
          value: p.bet !== undefined ? String(p.bet) : notRecorded,
        },
        { label: 'Pocket', value: pocket(Number(r)) },
      ];
    case 'plinko': {
      const { bucket, multiplier } = r as {
        bucket: number;
        multiplier: number;
      };
      return [
        { label: 'Rows', value: String(p.rows) },
        { label: 'Risk', value: String(p.risk) },
        {
          label: 'Bucket',
          value: `${bucket} of 0–${p.rows} (pays ${multiplier}×)`,
        },
      ];
    }
    case 'keno': {
      const drawn = Array.isArray(r) ? (r as number[]) : [];
      const picks = Array.isArray(p.picks) ? (p.picks as number[]) : undefined;
      const hits = picks ? kenoHits(picks, drawn) : undefined;
      return [
        { label: 'Picks', value: picks ? list(picks) : notRecorded },
        { label: 'Drawn', value: list(drawn) },
        {
          label: 'Hits',
          value: hits
            ? `${hits.length} of ${picks!.length}${
                hits.length ? `: ${list(hits)}` : ''
              }`
            : '—',
        },
      ];
    }
    case 'mines': {
      const mines = Array.isArray(r) ? (r as number[]) : [];
      const picks = Array.isArray(p.picks) ? (p.picks as number[]) : undefined;
      const hit = picks?.filter(t => mines.includes(t)) ?? [];
      return [
        { label: 'Mines', value: String(p.mines) },
        { label: 'Mine tiles (0–24)', value: list(mines) },
        {
          label: 'Opened tiles',
          value: picks
            ? `${list(picks)}${
                hit.length ? ` — hit a mine at ${list(hit)}` : ' — all safe'
              }`
            : notRecorded,
        },
      ];
    }
    default:
      return [{ label: 'Result', value: JSON.stringify(r) }];
  }
}
