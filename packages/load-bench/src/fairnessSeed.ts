import path from 'node:path';
import { BenchProcess, waitFor } from './process';
import { Target } from './targets';

/**
 * Fills the target's fairness log with at least `rounds` rounds through the
 * real ingest route, as a game server does (the demo game server,
 * `packages/demo-game-server`, with the target's game-server token), then
 * stops it: the Audit log's routes are loaded with full pages of real rounds
 * and a log that does not change during the measurement. Returns the log's
 * size.
 */
export async function seedFairnessLog(options: {
  repoRoot: string;
  scratch: string;
  target: Target;
  rounds: number;
  timeoutMs: number;
}): Promise<number> {
  const { repoRoot, scratch, target, rounds } = options;
  const size = async () => {
    const res = await fetch(`${target.base}/api/fairness/rounds?limit=1`, {
      headers: { authorization: `Bearer ${target.token}` },
    });
    if (!res.ok) throw new Error(`GET /api/fairness/rounds: ${res.status}`);
    return ((await res.json()) as { total: number }).total;
  };
  const already = await size();
  if (already >= rounds) return already;
  const game = BenchProcess.start(
    `${target.name} demo game server`,
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'packages/demo-game-server/src/main.ts',
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        FAIRNESS_BACKEND_URL: `${target.base}/api/fairness`,
        FAIRNESS_DEMO_TOKEN: target.gameServer.token,
        FAIRNESS_GAME_SERVER_ID: target.gameServer.id,
        FAIRNESS_DEMO_INTERVAL_MS: '10',
        PORTAL_DATA_DIR: path.join(scratch, `game-server-${target.name}`),
      },
      logFile: path.join(scratch, `game-server-${target.name}.log`),
    },
  );
  try {
    return await waitFor(
      `${rounds} rounds in the ${target.name} fairness log`,
      async () => {
        const n = await size();
        return n >= rounds ? n : undefined;
      },
      options.timeoutMs,
      game,
    );
  } finally {
    await game.stop();
  }
}
