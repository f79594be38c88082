import path from 'node:path';
import { DemoGameServer } from './DemoGameServer';

const server = new DemoGameServer({
  baseUrl:
    process.env.FAIRNESS_BACKEND_URL ?? 'http://127.0.0.1:7007/api/fairness',
  token: process.env.FAIRNESS_DEMO_TOKEN ?? 'demo-game-server-local-token',
  gameServerId: process.env.FAIRNESS_GAME_SERVER_ID ?? 'demo-game-server',
  stateFile: path.join(
    process.env.PORTAL_DATA_DIR ?? path.resolve('../../data'),
    'demo-game-server',
    'state.json',
  ),
  rotateMs: Number(process.env.FAIRNESS_DEMO_ROTATE_SECONDS ?? 180) * 1000,
  log: message =>
    process.stdout.write(
      `${new Date().toISOString()} [demo-game-server] ${message}\n`,
    ),
});

process.on('unhandledRejection', error => {
  process.stderr.write(`[demo-game-server] unexpected: ${String(error)}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.stop();
    process.exit(0);
  });
}
server.run(Number(process.env.FAIRNESS_DEMO_INTERVAL_MS ?? 2000));
