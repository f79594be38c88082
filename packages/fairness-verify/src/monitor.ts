import {
  FairnessRound,
  ROUND_ENCODING_VERSION,
  TILE_WIDTH,
  TlogPolicy,
  base64ToBytes,
  bytesEqual,
  bytesToBase64,
  canonicalRoundJson,
  checkCommitment,
  checkResult,
  combineRangeNodes,
  decodeEntryBundle,
  hashChildren,
  hashLeaf,
  tilePath,
  tileWidthAt,
  verifyCheckpointWithPolicy,
} from '@internal/plugin-fairness-common';
import { LogSource } from './logSource';

/** Identifies the monitor's state file format. */
export const MONITOR_STATE_FORMAT = 'fairness-monitor/v1';

/** A round whose result or commitment does not hold. */
export type RoundFailure = {
  index: number;
  roundId: string;
  reason: string;
  /** When this monitor found it. */
  foundAt: string;
};

/**
 * What the monitor keeps between runs: the last checkpoint it verified, the
 * compact range of that tree (the hashes of its perfect subtrees, at most
 * log2(size) + 1 of them) so the next checkpoint is checked to extend it
 * leaf by leaf, the rounds still waiting for their seed, and every failure
 * found so far.
 */
export type MonitorState = {
  format: typeof MONITOR_STATE_FORMAT;
  origin: string;
  treeSize: number;
  /** base64, as in the checkpoint. */
  rootHash: string;
  checkpoint: string;
  /** base64 hashes of the tree's perfect subtrees, largest first. */
  compactRange: string[];
  /** Rounds whose server seed is not revealed yet, by commitment: leaf index and canonical round JSON. */
  pending: Record<string, Array<{ index: number; entry: string }>>;
  failures: RoundFailure[];
};

/** The result of one monitor run. */
export type MonitorRun = {
  status: 'verified' | 'pending' | 'failed';
  /** The log itself failed (signature, quorum, going back, rewritten, tiles or entries that do not match); the state was not advanced. */
  logFailure?: string;
  previousSize: number;
  treeSize: number;
  cosignedBy: string[];
  newLeaves: number;
  /** Rounds whose result recomputed in this run (new ones and ones whose seed was revealed since). */
  recomputed: number;
  /** Rounds still waiting for their seed. */
  pendingRounds: number;
  /** Failures found in this run. */
  newFailures: RoundFailure[];
  /** Failures found in this and earlier runs. */
  allFailures: RoundFailure[];
  state?: MonitorState;
};

/** The log could not be read completely; nothing was concluded. */
export class LogReadError extends Error {
  name = 'LogReadError';
}

/** Adds a leaf hash to a compact range of `size` leaves (a binary counter). */
function appendLeaf(range: Uint8Array[], size: number, leafHash: Uint8Array) {
  let hash = leafHash;
  for (let n = size; n % 2 === 1; n = Math.floor(n / 2)) {
    hash = hashChildren(range.pop()!, hash);
  }
  range.push(hash);
}

/** Parses an entry as the canonical JSON of a round; throws with the reason. */
function parseEntry(entry: Uint8Array): { round: FairnessRound; text: string } {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(entry);
  const { v, ...round } = JSON.parse(text);
  if (v !== ROUND_ENCODING_VERSION || canonicalRoundJson(round) !== text) {
    throw new Error('not the canonical encoding of a round');
  }
  return { round, text };
}

/**
 * One pass over the log: verifies its checkpoint against the policy, that it
 * extends the tree the previous state saw (recomputed from the new entries,
 * never from the log's word), that the hash tiles hold the entries' hashes,
 * and recomputes every round whose seed is revealed. Throws LogReadError when
 * a resource is missing or unreadable.
 */
export async function monitorOnce(
  source: LogSource,
  policy: TlogPolicy,
  previous: MonitorState | undefined,
  now: () => Date = () => new Date(),
): Promise<MonitorRun> {
  const previousSize = previous?.treeSize ?? 0;
  const base = {
    previousSize,
    treeSize: previousSize,
    cosignedBy: [] as string[],
    newLeaves: 0,
    recomputed: 0,
    pendingRounds: Object.values(previous?.pending ?? {}).reduce(
      (n, list) => n + list.length,
      0,
    ),
    newFailures: [],
    allFailures: previous?.failures ?? [],
  };
  const failLog = (reason: string): MonitorRun => ({
    ...base,
    status: 'failed',
    logFailure: reason,
  });
  const read = async (resource: string) => {
    let data: Uint8Array | undefined;
    try {
      data = await source.read(resource);
    } catch (error) {
      throw new LogReadError((error as Error).message);
    }
    if (!data) throw new LogReadError(`${source.name} has no ${resource}`);
    return data;
  };

  const note = Buffer.from(await read('checkpoint')).toString('utf8');
  let verified;
  try {
    verified = verifyCheckpointWithPolicy(note, policy);
  } catch (error) {
    return failLog(`checkpoint: ${(error as Error).message}`);
  }
  const { checkpoint, cosignedBy } = verified;
  const size = checkpoint.treeSize;
  if (previous && checkpoint.origin !== previous.origin) {
    return failLog(
      `checkpoint is for origin '${checkpoint.origin}', this state follows '${previous.origin}'`,
    );
  }
  if (size < previousSize) {
    return failLog(
      `the log went back: its checkpoint has size ${size}, this monitor verified size ${previousSize} before`,
    );
  }

  const range = (previous?.compactRange ?? []).map(base64ToBytes);
  const seeds = new Map<string, string | null>();
  const seedFor = async (hash: string) => {
    if (!seeds.has(hash)) {
      try {
        seeds.set(hash, await source.serverSeed(hash));
      } catch (error) {
        throw new LogReadError(
          `seed ${hash}: ${(error as Error).message ?? error}`,
        );
      }
    }
    return seeds.get(hash)!;
  };
  const pending: MonitorState['pending'] = {};
  const newFailures: RoundFailure[] = [];
  let recomputed = 0;
  const checkRound = async (index: number, entry: Uint8Array | string) => {
    let parsed;
    try {
      parsed = parseEntry(
        typeof entry === 'string' ? Buffer.from(entry, 'utf8') : entry,
      );
    } catch (error) {
      newFailures.push({
        index,
        roundId: '?',
        reason: `entry ${index}: ${(error as Error).message}`,
        foundAt: now().toISOString(),
      });
      return;
    }
    const { round, text } = parsed;
    const seed = await seedFor(round.serverSeedHash);
    if (seed === null) {
      (pending[round.serverSeedHash] ??= []).push({ index, entry: text });
      return;
    }
    const failed = [checkCommitment(round, seed), checkResult(round, seed)]
      .filter(c => !c.ok)
      .map(c => c.reason);
    if (failed.length > 0) {
      newFailures.push({
        index,
        roundId: round.roundId,
        reason: failed.join('; '),
        foundAt: now().toISOString(),
      });
    } else {
      recomputed++;
    }
  };

  // The new leaves, one entry bundle at a time; their hash tile must agree.
  let leaves = previousSize;
  while (leaves < size) {
    const tile = Math.floor(leaves / TILE_WIDTH);
    const width = tileWidthAt(0, tile, size);
    const bundle = await read(
      tilePath({ level: 'entries', index: tile, width }),
    );
    let entries: Uint8Array[];
    try {
      entries = decodeEntryBundle(bundle);
    } catch (error) {
      return failLog(`entry bundle ${tile}: ${(error as Error).message}`);
    }
    if (entries.length !== width) {
      return failLog(
        `entry bundle ${tile} holds ${entries.length} entries, a tree of size ${size} has ${width} there`,
      );
    }
    const hashes = entries.map(hashLeaf);
    const hashTile = await read(tilePath({ level: 0, index: tile, width }));
    if (!bytesEqual(hashTile, Buffer.concat(hashes))) {
      return failLog(
        `hash tile 0/${tile} does not hold the leaf hashes of entry bundle ${tile}: proofs served from these tiles would be wrong`,
      );
    }
    const first = leaves % TILE_WIDTH;
    for (let i = first; i < width; i++) {
      appendLeaf(range, leaves, hashes[i]);
      leaves++;
    }
    for (let i = first; i < width; i++) {
      await checkRound(tile * TILE_WIDTH + i, entries[i]);
    }
  }
  if (!bytesEqual(combineRangeNodes(range), checkpoint.rootHash)) {
    return failLog(
      previous
        ? `the checkpoint of size ${size} does not extend the tree of size ${previousSize} (root ${previous.rootHash}) this monitor verified before with the entries the log serves: the log was rewritten, or serves entries it did not commit to`
        : `the entries the log serves do not hash to its checkpoint's root ${bytesToBase64(
            checkpoint.rootHash,
          )}`,
    );
  }

  // Rounds that waited for their seed: recompute those now revealed.
  for (const [hash, list] of Object.entries(previous?.pending ?? {})) {
    for (const { index, entry } of list) await checkRound(index, entry);
    if (pending[hash]) pending[hash].sort((a, b) => a.index - b.index);
  }

  const allFailures = [...(previous?.failures ?? []), ...newFailures];
  const pendingRounds = Object.values(pending).reduce(
    (n, list) => n + list.length,
    0,
  );
  const state: MonitorState = {
    format: MONITOR_STATE_FORMAT,
    origin: checkpoint.origin,
    treeSize: size,
    rootHash: bytesToBase64(checkpoint.rootHash),
    checkpoint: note,
    compactRange: range.map(bytesToBase64),
    pending,
    failures: allFailures,
  };
  let status: MonitorRun['status'] = pendingRounds > 0 ? 'pending' : 'verified';
  if (allFailures.length > 0) status = 'failed';
  return {
    status,
    previousSize,
    treeSize: size,
    cosignedBy,
    newLeaves: size - previousSize,
    recomputed,
    pendingRounds,
    newFailures,
    allFailures,
    state,
  };
}
