import {
  FairnessRound,
  GameName,
  checkPayout,
  gameResult,
  hashServerSeed,
} from '@internal/plugin-fairness-common';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

type Player = {
  playerId: string;
  clientSeed: string;
  serverSeed: string;
  nonce: number;
  since: number;
};
type State = { players: Player[]; round: number };

export type DemoOptions = {
  baseUrl: string;
  token: string;
  gameServerId: string;
  stateFile: string;
  rotateMs: number;
  log: (message: string) => void;
};

const GAMES: GameName[] = [
  'dice',
  'limbo',
  'roulette',
  'plinko',
  'keno',
  'mines',
];
const RISKS = ['low', 'medium', 'high'] as const;

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

function newPlayer(playerId: string): Player {
  return {
    playerId,
    clientSeed: `${playerId}-${randomBytes(4).toString('hex')}`,
    serverSeed: randomBytes(32).toString('hex'),
    nonce: 0,
    since: Date.now(),
  };
}

/** Distinct random integers from `min` to `max`. */
function distinct(count: number, min: number, max: number): number[] {
  const pool = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  return Array.from(
    { length: count },
    () => pool.splice(Math.floor(Math.random() * pool.length), 1)[0],
  );
}

/** The bet a player places: it decides the payout (and for plinko/mines, the mapping). */
function betFor(game: GameName): Record<string, string | number | number[]> {
  switch (game) {
    case 'dice':
      return {
        target: (200 + Math.floor(Math.random() * 9601)) / 100,
        direction: pick(['over', 'under']),
      };
    case 'limbo':
      return { target: pick([1.5, 2, 3, 5, 10]) };
    case 'roulette':
      return {
        bet: pick([
          'red',
          'black',
          'odd',
          'even',
          'low',
          'high',
          'dozen-2',
          'column-3',
          `straight-${Math.floor(Math.random() * 37)}`,
        ]),
      };
    case 'plinko':
      return { rows: 8 + Math.floor(Math.random() * 9), risk: pick(RISKS) };
    case 'keno':
      return { picks: distinct(1 + Math.floor(Math.random() * 10), 1, 40) };
    case 'mines':
      return {
        mines: 1 + Math.floor(Math.random() * 5),
        picks: distinct(1 + Math.floor(Math.random() * 4), 0, 24),
      };
    default:
      return {};
  }
}

/**
 * Plays rounds for a few pseudonymous players and reports them through the
 * portal's real ingest API with a static service token; rotates and reveals
 * each player's server seed every few minutes. Never throws out of `run`.
 */
export class DemoGameServer {
  #state: State;
  #stopped = false;

  constructor(private readonly options: DemoOptions) {
    this.#state = this.#load();
  }

  #load(): State {
    try {
      return JSON.parse(fs.readFileSync(this.options.stateFile, 'utf8'));
    } catch {
      return {
        players: ['alice', 'bob', 'carol', 'dave'].map(p =>
          newPlayer(`player-${p}`),
        ),
        round: 0,
      };
    }
  }

  #save() {
    fs.mkdirSync(path.dirname(this.options.stateFile), { recursive: true });
    fs.writeFileSync(
      this.options.stateFile,
      JSON.stringify(this.#state, null, 2),
    );
  }

  async #call(
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; json: any }> {
    const response = await fetch(`${this.options.baseUrl}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${this.options.token}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const json = await response.json().catch(() => ({}));
    return { status: response.status, json };
  }

  async waitForBackend() {
    for (let attempt = 1; !this.#stopped; attempt++) {
      try {
        const res = await fetch(`${this.options.baseUrl}/health`, {
          signal: AbortSignal.timeout(5000),
        });
        if (res.ok) {
          this.options.log(`fairness backend is up at ${this.options.baseUrl}`);
          return;
        }
      } catch {
        // not up yet
      }
      if (attempt === 1 || attempt % 10 === 0) {
        this.options.log(
          `waiting for the fairness backend at ${this.options.baseUrl} …`,
        );
      }
      await this.#sleep(Math.min(5000, 500 * attempt));
    }
  }

  #play(player: Player): FairnessRound {
    const game = pick(GAMES);
    const params = betFor(game);
    const result = gameResult(game, {
      ...params,
      serverSeed: player.serverSeed,
      clientSeed: player.clientSeed,
      nonce: player.nonce,
    } as any);
    const wagerMinor = 100 * (1 + Math.floor(Math.random() * 20));
    this.#state.round += 1;
    return {
      roundId: `demo-${Date.now().toString(36)}-${this.#state.round}`,
      game,
      gameParams: params,
      gameServerId: this.options.gameServerId,
      playerId: player.playerId,
      serverSeedHash: hashServerSeed(player.serverSeed),
      clientSeed: player.clientSeed,
      nonce: player.nonce,
      result,
      wagerMinor,
      // Paid by the same rules and tables auditors check the payout against.
      payoutMinor:
        checkPayout({
          game,
          gameParams: params,
          result,
          wagerMinor,
          payoutMinor: 0,
          currency: 'EUR',
        }).expectedPayoutMinor ?? 0,
      currency: 'EUR',
      playedAt: new Date().toISOString(),
    };
  }

  async #rotate(index: number) {
    const player = this.#state.players[index];
    const reveal = await this.#call('POST', '/seeds/reveal', {
      serverSeedHash: hashServerSeed(player.serverSeed),
      serverSeed: player.serverSeed,
    });
    if (reveal.status >= 400 && reveal.status !== 404) {
      throw new Error(
        `reveal answered ${reveal.status}: ${reveal.json?.error?.message}`,
      );
    }
    this.options.log(
      `revealed server seed of ${player.playerId} after ${player.nonce} bets`,
    );
    this.#state.players[index] = newPlayer(player.playerId);
    this.#save();
  }

  /** One tick: a small batch of rounds, then any due seed rotations. */
  async tick() {
    const batch: FairnessRound[] = [];
    const playing = new Map<number, Player>();
    for (let i = 0; i < 1 + Math.floor(Math.random() * 4); i++) {
      const index = Math.floor(Math.random() * this.#state.players.length);
      const player = this.#state.players[index];
      batch.push(this.#play(player));
      player.nonce += 1;
      playing.set(index, player);
    }
    const res = await this.#call('POST', '/rounds/batch', { rounds: batch });
    const foreignSeed =
      res.status === 403 &&
      /belongs to game server/.test(res.json?.error?.message ?? '');
    if (res.status === 409 || foreignSeed) {
      // Our state and the log disagree (e.g. state file lost, or a seed pair
      // another game server owns): start fresh seeds of our own.
      this.options.log(
        `log refused the batch (${res.json?.error?.message}); rotating seeds`,
      );
      for (const index of playing.keys())
        this.#state.players[index] = newPlayer(
          this.#state.players[index].playerId,
        );
    } else if (res.status >= 400) {
      throw new Error(
        `ingest answered ${res.status}: ${
          res.json?.error?.message ?? 'no message'
        }`,
      );
    }
    this.#save();
    for (let i = 0; i < this.#state.players.length; i++) {
      const player = this.#state.players[i];
      if (
        Date.now() - player.since >= this.options.rotateMs &&
        player.nonce > 0
      ) {
        await this.#rotate(i);
      }
    }
  }

  async run(intervalMs = 2000) {
    await this.waitForBackend();
    let failures = 0;
    while (!this.#stopped) {
      try {
        await this.tick();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.options.log(
          `round reporting failed (${(error as Error).message}); retrying`,
        );
        if (failures >= 3) await this.waitForBackend();
      }
      await this.#sleep(intervalMs);
    }
  }

  stop() {
    this.#stopped = true;
  }

  #sleep(ms: number) {
    return new Promise(resolve => setTimeout(resolve, ms));
  }
}
