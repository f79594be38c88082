import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from './encoding';

/**
 * Games whose outcomes the log can recompute. All but crash follow Stake's
 * published byte generator; crash follows Stake's hash-chain formula.
 * @public
 */
export const GAMES = [
  'dice',
  'limbo',
  'roulette',
  'plinko',
  'keno',
  'mines',
  'crash',
] as const;

/** @public */
export type GameName = (typeof GAMES)[number];

/** @public */
export type PlinkoRisk = 'low' | 'medium' | 'high';

/** The seeds behind one bet. @public */
export type SeedInputs = {
  /** The revealed server seed, used as the HMAC key exactly as written (UTF-8). */
  serverSeed: string;
  clientSeed: string;
  /** Counts bets made under this seed pair. */
  nonce: number;
};

/** Per-game parameters chosen by the player. @public */
export type GameParamsMap = {
  dice: {};
  limbo: {};
  roulette: {};
  plinko: { rows: number; risk: PlinkoRisk };
  keno: {};
  mines: { mines: number };
  crash: {};
};

/** What {@link gameResult} returns per game. @public */
export type GameResultMap = {
  /** The roll, 0.00 to 100.00. */
  dice: number;
  /** The multiplier, two decimals, at least 1. */
  limbo: number;
  /** The pocket, 0 to 36. */
  roulette: number;
  /** The bucket (number of right bounces) and its multiplier. */
  plinko: { bucket: number; multiplier: number };
  /** The 10 drawn squares (1 to 40) in draw order. */
  keno: number[];
  /** The mine tiles (0 to 24) in draw order. */
  mines: number[];
  /** The crash point, two decimals, at least 1. */
  crash: number;
};

/** @public */
export type GameResult = GameResultMap[GameName];

/**
 * Stake's plinko payout tables: multiplier per bucket (0 = all left bounces)
 * for 8 to 16 rows and each risk level.
 * @public
 */
export const PLINKO_PAYOUTS: Record<PlinkoRisk, Record<number, number[]>> = {
  low: {
    8: [5.6, 2.1, 1.1, 1, 0.5, 1, 1.1, 2.1, 5.6],
    9: [5.6, 2, 1.6, 1, 0.7, 0.7, 1, 1.6, 2, 5.6],
    10: [8.9, 3, 1.4, 1.1, 1, 0.5, 1, 1.1, 1.4, 3, 8.9],
    11: [8.4, 3, 1.9, 1.3, 1, 0.7, 0.7, 1, 1.3, 1.9, 3, 8.4],
    12: [10, 3, 1.6, 1.4, 1.1, 1, 0.5, 1, 1.1, 1.4, 1.6, 3, 10],
    13: [8.1, 4, 3, 1.9, 1.2, 0.9, 0.7, 0.7, 0.9, 1.2, 1.9, 3, 4, 8.1],
    14: [7.1, 4, 1.9, 1.4, 1.3, 1.1, 1, 0.5, 1, 1.1, 1.3, 1.4, 1.9, 4, 7.1],
    15: [15, 8, 3, 2, 1.5, 1.1, 1, 0.7, 0.7, 1, 1.1, 1.5, 2, 3, 8, 15],
    16: [16, 9, 2, 1.4, 1.4, 1.2, 1.1, 1, 0.5, 1, 1.1, 1.2, 1.4, 1.4, 2, 9, 16],
  },
  medium: {
    8: [13, 3, 1.3, 0.7, 0.4, 0.7, 1.3, 3, 13],
    9: [18, 4, 1.7, 0.9, 0.5, 0.5, 0.9, 1.7, 4, 18],
    10: [22, 5, 2, 1.4, 0.6, 0.4, 0.6, 1.4, 2, 5, 22],
    11: [24, 6, 3, 1.8, 0.7, 0.5, 0.5, 0.7, 1.8, 3, 6, 24],
    12: [33, 11, 4, 2, 1.1, 0.6, 0.3, 0.6, 1.1, 2, 4, 11, 33],
    13: [43, 13, 6, 3, 1.3, 0.7, 0.4, 0.4, 0.7, 1.3, 3, 6, 13, 43],
    14: [58, 15, 7, 4, 1.9, 1, 0.5, 0.2, 0.5, 1, 1.9, 4, 7, 15, 58],
    15: [88, 18, 11, 5, 3, 1.3, 0.5, 0.3, 0.3, 0.5, 1.3, 3, 5, 11, 18, 88],
    16: [110, 41, 10, 5, 3, 1.5, 1, 0.5, 0.3, 0.5, 1, 1.5, 3, 5, 10, 41, 110],
  },
  high: {
    8: [29, 4, 1.5, 0.3, 0.2, 0.3, 1.5, 4, 29],
    9: [43, 7, 2, 0.6, 0.2, 0.2, 0.6, 2, 7, 43],
    10: [76, 10, 3, 0.9, 0.3, 0.2, 0.3, 0.9, 3, 10, 76],
    11: [120, 14, 5.2, 1.4, 0.4, 0.2, 0.2, 0.4, 1.4, 5.2, 14, 120],
    12: [170, 24, 8.1, 2, 0.7, 0.2, 0.2, 0.2, 0.7, 2, 8.1, 24, 170],
    13: [260, 37, 11, 4, 1, 0.2, 0.2, 0.2, 0.2, 1, 4, 11, 37, 260],
    14: [420, 56, 18, 5, 1.9, 0.3, 0.2, 0.2, 0.2, 0.3, 1.9, 5, 18, 56, 420],
    15: [620, 83, 27, 8, 3, 0.5, 0.2, 0.2, 0.2, 0.2, 0.5, 3, 8, 27, 83, 620],
    16: [
      1000, 130, 26, 9, 4, 2, 0.2, 0.2, 0.2, 0.2, 0.2, 2, 4, 9, 26, 130, 1000,
    ],
  },
};

/**
 * Optional faster primitives (e.g. node:crypto on servers and in the CLI).
 * They must compute exactly HMAC-SHA256 and SHA-256 over the UTF-8 strings;
 * the portable @noble/hashes implementation is used when none is set.
 * @public
 */
export type CryptoPrimitives = {
  hmacSha256(key: string, message: string): Uint8Array;
  sha256(data: string): Uint8Array;
  /** SHA-256 of bytes, for Merkle hashing (leaves, nodes, tiles); optional. */
  sha256Bytes?(data: Uint8Array): Uint8Array;
};

let primitives: CryptoPrimitives | undefined;

/**
 * Replaces the hash primitives behind seeds and game results, typically with
 * node:crypto for throughput. Pass undefined to restore the portable ones.
 * @public
 */
export function setCryptoPrimitives(impl: CryptoPrimitives | undefined) {
  primitives = impl;
}

/**
 * SHA-256 of bytes with the configured primitives (portable by default):
 * every Merkle hash goes through here.
 * @public
 */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  return primitives?.sha256Bytes ? primitives.sha256Bytes(data) : sha256(data);
}

// Keying HMAC hashes the key pads once; verifying a seed's whole range reuses
// that work for every nonce.
const keyedHmacs = new Map<string, ReturnType<typeof hmac.create>>();
const KEYED_HMAC_CACHE_SIZE = 64;

function keyedHmac(serverSeed: string) {
  let keyed = keyedHmacs.get(serverSeed);
  if (!keyed) {
    if (keyedHmacs.size >= KEYED_HMAC_CACHE_SIZE) {
      keyedHmacs.delete(keyedHmacs.keys().next().value!);
    }
    keyed = hmac.create(sha256, utf8ToBytes(serverSeed));
    keyedHmacs.set(serverSeed, keyed);
  }
  return keyed;
}

function assertSeedInputs({ serverSeed, clientSeed, nonce }: SeedInputs) {
  if (typeof serverSeed !== 'string' || typeof clientSeed !== 'string') {
    throw new TypeError('serverSeed and clientSeed must be strings');
  }
  if (!Number.isSafeInteger(nonce) || nonce < 0) {
    throw new RangeError(`nonce must be a non-negative integer, got ${nonce}`);
  }
}

/**
 * The 32-byte block `round` of a bet's byte stream:
 * HMAC_SHA256(key = serverSeed, message = `${clientSeed}:${nonce}:${round}`).
 * @public
 */
export function byteBlock(inputs: SeedInputs, round: number): Uint8Array {
  const { serverSeed, clientSeed, nonce } = inputs;
  if (primitives) {
    return primitives.hmacSha256(serverSeed, `${clientSeed}:${nonce}:${round}`);
  }
  return keyedHmac(serverSeed)
    .clone()
    .update(utf8ToBytes(`${clientSeed}:${nonce}:${round}`))
    .digest();
}

/**
 * Floats in [0, 1) from a bet's byte stream, 4 bytes each, as
 * Σ byteᵢ / 256^(i+1). `cursor` is the byte offset to start at (Stake's
 * convention; block number = floor(cursor / 32)), default 0.
 * @public
 */
export function generateFloats(
  options: SeedInputs & { cursor?: number; count: number },
): number[] {
  assertSeedInputs(options);
  const { count, cursor = 0 } = options;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  if (!Number.isSafeInteger(cursor) || cursor < 0) {
    throw new RangeError(
      `cursor must be a non-negative integer, got ${cursor}`,
    );
  }
  const floats: number[] = [];
  let round = Math.floor(cursor / 32);
  let offset = cursor - round * 32;
  let block = byteBlock(options, round);
  let value = 0;
  let byteIndex = 0;
  while (floats.length < count) {
    if (offset === 32) {
      round += 1;
      offset = 0;
      block = byteBlock(options, round);
    }
    value += block[offset] / 256 ** (byteIndex + 1);
    offset += 1;
    byteIndex += 1;
    if (byteIndex === 4) {
      floats.push(value);
      value = 0;
      byteIndex = 0;
    }
  }
  return floats;
}

/** Picks `count` items without replacement, each float indexing the remaining items. */
function drawWithoutReplacement<T>(items: T[], floats: number[]): T[] {
  const remaining = [...items];
  return floats.map(float => {
    const index = Math.floor(float * remaining.length);
    return remaining.splice(index, 1)[0];
  });
}

const KENO_SQUARES = Array.from({ length: 40 }, (_, i) => i + 1);
const MINE_TILES = Array.from({ length: 25 }, (_, i) => i);

function isPlinkoRisk(risk: unknown): risk is PlinkoRisk {
  return risk === 'low' || risk === 'medium' || risk === 'high';
}

/**
 * Crash point of one crash game (Stake's formula): the game hash is the
 * current element of the server's hash chain, the seed is the public salt
 * (e.g. a Bitcoin block hash chosen before the chain was used).
 * HMAC_SHA256(key = gameHash, message = seed), first 32 bits as an integer,
 * max(1, 2^32 / (int + 1) × 0.99), floored to two decimals.
 * @public
 */
export function crashPoint({
  gameHash,
  seed,
}: {
  gameHash: string;
  seed: string;
}): number {
  if (typeof gameHash !== 'string' || typeof seed !== 'string') {
    throw new TypeError('gameHash and seed must be strings');
  }
  const digest = primitives
    ? primitives.hmacSha256(gameHash, seed)
    : hmac(sha256, utf8ToBytes(gameHash), utf8ToBytes(seed));
  const int = parseInt(bytesToHex(digest.subarray(0, 4)), 16);
  const point = Math.max(1, (2 ** 32 / (int + 1)) * (1 - 0.01));
  return Math.floor(point * 100) / 100;
}

/**
 * Recomputes a game's result from its seeds, result-for-result compatible
 * with Stake's published provably-fair verifiers.
 * @public
 */
export function gameResult<G extends GameName>(
  game: G,
  input: SeedInputs & GameParamsMap[G],
): GameResultMap[G] {
  const inputs = input as SeedInputs & Record<string, unknown>;
  assertSeedInputs(inputs);
  const floats = (count: number) => generateFloats({ ...inputs, count });
  let result: GameResult;
  switch (game) {
    case 'dice':
      result = Math.floor(floats(1)[0] * 10001) / 100;
      break;
    case 'limbo': {
      const houseEdge = 0.99;
      const floatPoint = (1e8 / (floats(1)[0] * 1e8)) * houseEdge;
      result = Math.max(Math.floor(floatPoint * 100) / 100, 1);
      break;
    }
    case 'roulette':
      result = Math.floor(floats(1)[0] * 37);
      break;
    case 'plinko': {
      const { rows, risk } = inputs;
      if (
        typeof rows !== 'number' ||
        !Number.isInteger(rows) ||
        rows < 8 ||
        rows > 16
      ) {
        throw new RangeError(
          `plinko rows must be an integer from 8 to 16, got ${rows}`,
        );
      }
      if (!isPlinkoRisk(risk)) {
        throw new RangeError(
          `plinko risk must be low, medium or high, got ${risk}`,
        );
      }
      const bucket = floats(rows).reduce(
        (sum, f) => sum + Math.floor(f * 2),
        0,
      );
      result = { bucket, multiplier: PLINKO_PAYOUTS[risk][rows][bucket] };
      break;
    }
    case 'keno':
      result = drawWithoutReplacement(KENO_SQUARES, floats(10));
      break;
    case 'mines': {
      const { mines } = inputs;
      if (
        typeof mines !== 'number' ||
        !Number.isInteger(mines) ||
        mines < 1 ||
        mines > 24
      ) {
        throw new RangeError(
          `mines must be an integer from 1 to 24, got ${mines}`,
        );
      }
      result = drawWithoutReplacement(MINE_TILES, floats(24)).slice(0, mines);
      break;
    }
    case 'crash':
      result = crashPoint({
        gameHash: inputs.serverSeed,
        seed: inputs.clientSeed,
      });
      break;
    default:
      throw new RangeError(`unknown game '${String(game)}'`);
  }
  return result as GameResultMap[G];
}

/** sha256(serverSeed) as lowercase hex: the commitment published before use. @public */
export function hashServerSeed(serverSeed: string): string {
  return bytesToHex(
    primitives
      ? primitives.sha256(serverSeed)
      : sha256(utf8ToBytes(serverSeed)),
  );
}
