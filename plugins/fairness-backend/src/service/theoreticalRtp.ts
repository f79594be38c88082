import { Config } from '@backstage/config';
import { GAMES } from '@internal/plugin-fairness-common';

/**
 * `fairness.theoreticalRtp`: each game's theoretical return to player as the
 * operator certified it (0.99 for 99 %). Games left out read "not
 * configured" in evidence packs; a game the log does not know, or a value
 * outside (0, 1], stops the backend with the key named.
 */
export function readTheoreticalRtp(config: Config): Record<string, number> {
  const section = config.getOptionalConfig('fairness.theoreticalRtp');
  const out: Record<string, number> = {};
  for (const game of section?.keys() ?? []) {
    const key = `fairness.theoreticalRtp.${game}`;
    if (!(GAMES as readonly string[]).includes(game)) {
      throw new Error(
        `${key}: '${game}' is not a game of the log (${GAMES.join(', ')})`,
      );
    }
    const value = section!.getNumber(game);
    if (!(value > 0 && value <= 1)) {
      throw new Error(`${key}: must be a fraction in (0, 1], got ${value}`);
    }
    out[game] = value;
  }
  return out;
}
