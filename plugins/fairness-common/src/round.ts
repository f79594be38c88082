import canonicalize from 'canonicalize';
import { hashLeaf } from './merkle';
import { bytesToHex, utf8ToBytes } from './encoding';
import { GameName, GameResult, gameResult, hashServerSeed } from './games';

/**
 * One game round as the log records it. Amounts are integers in the
 * currency's minor unit.
 * @public
 */
export type FairnessRound = {
  roundId: string;
  game: GameName;
  /**
   * The player's choices: those that change the mapping (`{ rows, risk }`,
   * `{ mines }`) and the bet that decides the payout (dice `target` and
   * `direction`, limbo `target`, crash `cashout`, roulette `bet`, keno and
   * mines `picks`).
   */
  gameParams: Record<string, string | number | number[]>;
  gameServerId: string;
  /** A pseudonym, never a real player identity. */
  playerId: string;
  /** Lowercase hex sha256 of the server seed, published before the bet. */
  serverSeedHash: string;
  clientSeed: string;
  nonce: number;
  result: GameResult;
  wagerMinor: number;
  payoutMinor: number;
  currency: string;
  /** ISO 8601 UTC timestamp with milliseconds. */
  playedAt: string;
};

/** Version tag inside every encoded round, so the encoding can evolve. @public */
export const ROUND_ENCODING_VERSION = 1;

/**
 * The canonical JSON text of a round (RFC 8785 JCS over the round's fields
 * plus `"v": 1`): the exact bytes that become the round's Merkle leaf.
 * @public
 */
export function canonicalRoundJson(round: FairnessRound): string {
  const {
    roundId,
    game,
    gameParams,
    gameServerId,
    playerId,
    serverSeedHash,
    clientSeed,
    nonce,
    result,
    wagerMinor,
    payoutMinor,
    currency,
    playedAt,
  } = round;
  const text = canonicalize({
    v: ROUND_ENCODING_VERSION,
    roundId,
    game,
    gameParams,
    gameServerId,
    playerId,
    serverSeedHash,
    clientSeed,
    nonce,
    result,
    wagerMinor,
    payoutMinor,
    currency,
    playedAt,
  });
  if (text === undefined) {
    throw new TypeError('round cannot be canonicalized');
  }
  return text;
}

/** UTF-8 bytes of {@link canonicalRoundJson}. @public */
export function encodeRound(round: FairnessRound): Uint8Array {
  return utf8ToBytes(canonicalRoundJson(round));
}

/** hashLeaf(encodeRound(round)). @public */
export function roundLeafHash(round: FairnessRound): Uint8Array {
  return hashLeaf(encodeRound(round));
}

/** Canonical JSON of a result, for comparing results of any game. @public */
export function canonicalResult(result: unknown): string {
  return canonicalize(result) ?? 'undefined';
}

/** Deep equality of JSON-like results without serializing (the hot path of range checks). */
function sameResult(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => sameResult(v, b[i]))
    );
  }
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(b)
  ) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every(k => sameResult((a as any)[k], (b as any)[k]))
    );
  }
  return false;
}

/** Outcome of one check on a round. @public */
export type CheckOutcome = {
  ok: boolean;
  /**
   * Not failed, not verified yet: the check needs something the log does
   * not have yet (an unrevealed server seed, a signed tree head covering the
   * leaf). `ok` is false; the check can pass later.
   */
  pending?: boolean;
  /** Why it passed, failed or waits, in words an auditor can act on. */
  reason: string;
};

/**
 * The three outcomes of a check: verified, pending (cannot be checked yet,
 * may verify later) and failed (proven wrong).
 * @public
 */
export type CheckStatus = 'verified' | 'pending' | 'failed';

/** The status of one check outcome. @public */
export function checkStatus(
  outcome: Pick<CheckOutcome, 'ok' | 'pending'>,
): CheckStatus {
  if (outcome.ok) return 'verified';
  return outcome.pending ? 'pending' : 'failed';
}

/** Combined status of several checks: any failure fails, else any pending is pending. @public */
export function combinedStatus(
  outcomes: Array<Pick<CheckOutcome, 'ok' | 'pending'>>,
): CheckStatus {
  const statuses = outcomes.map(checkStatus);
  if (statuses.includes('failed')) return 'failed';
  return statuses.includes('pending') ? 'pending' : 'verified';
}

const NOT_REVEALED =
  'the game server reveals it when the seed pair is rotated (the player changes seeds); check again after that';

/**
 * Check 1: the revealed server seed hashes to the commitment recorded with the round.
 * @public
 */
export function checkCommitment(
  round: Pick<FairnessRound, 'serverSeedHash'>,
  serverSeed: string | null | undefined,
): CheckOutcome {
  if (serverSeed === null || serverSeed === undefined) {
    return {
      ok: false,
      pending: true,
      reason: `server seed for commitment ${round.serverSeedHash} is still active, not revealed yet: ${NOT_REVEALED}`,
    };
  }
  const actual = hashServerSeed(serverSeed);
  return actual === round.serverSeedHash
    ? {
        ok: true,
        reason: `sha256(serverSeed) = ${actual} matches the commitment`,
      }
    : {
        ok: false,
        reason: `sha256(serverSeed) = ${actual} does not match the commitment ${round.serverSeedHash}`,
      };
}

/**
 * Check 2: the recorded result equals the result recomputed from the seeds.
 * @public
 */
export function checkResult(
  round: FairnessRound,
  serverSeed: string | null | undefined,
): CheckOutcome & { recomputed?: GameResult } {
  if (serverSeed === null || serverSeed === undefined) {
    return {
      ok: false,
      pending: true,
      reason:
        'recomputed once the server seed is revealed (the seed is still active)',
    };
  }
  let recomputed: GameResult;
  try {
    recomputed = gameResult(round.game, {
      ...round.gameParams,
      serverSeed,
      clientSeed: round.clientSeed,
      nonce: round.nonce,
    } as any);
  } catch (error) {
    return {
      ok: false,
      reason: `cannot recompute: ${(error as Error).message}`,
    };
  }
  if (sameResult(recomputed, round.result)) {
    return {
      ok: true,
      reason: `recomputed ${round.game} result ${JSON.stringify(
        recomputed,
      )} equals the recorded result`,
      recomputed,
    };
  }
  const expected = canonicalResult(recomputed);
  const recorded = canonicalResult(round.result);
  return expected === recorded
    ? {
        ok: true,
        reason: `recomputed ${round.game} result ${expected} equals the recorded result`,
        recomputed,
      }
    : {
        ok: false,
        reason: `recomputed ${round.game} result ${expected} differs from the recorded result ${recorded}`,
        recomputed,
      };
}

/** Lowercase hex of a round's leaf hash. @public */
export function roundLeafHashHex(round: FairnessRound): string {
  return bytesToHex(roundLeafHash(round));
}
