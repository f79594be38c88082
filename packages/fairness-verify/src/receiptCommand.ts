import {
  TILE_WIDTH,
  VerifiedReceipt,
  bytesEqual,
  bytesToBase64,
  decodeEntryBundle,
  encodeRound,
  rootFromTiles,
  tilePath,
  tileWidthAt,
  verifyCheckpointWithPolicy,
  verifyReceipt,
  TlogPolicy,
} from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import path from 'node:path';
import { Io, readPolicyAndFile } from './policyFileArgs';
import { EXIT_FAILED, EXIT_OK, EXIT_PENDING } from './verify';

export const RECEIPT_USAGE = `Usage:
  fairness-verify receipt <round.tlog-proof> --policy <tlog-policy file> [--tiles <mirror dir>] [--json]

Verifies a round receipt (C2SP tlog-proof) offline: the checkpoint is signed
by a log of the policy and cosigned by its quorum of witnesses, the round is
included at its index, and once its server seed is revealed the seed matches
the commitment and the result recomputes. With --tiles, also checks that a
mirror of the log (a directory laid out as C2SP tlog-tiles: checkpoint,
tile/<L>/<N>[.p/<W>], tile/entries/<N>[.p/<W>]) holds the same tree and the
same round: the log cannot have shown the player one tree and the mirror
another.

Exit codes: 0 verified, 1 rejected, 2 usage error, 3 verified with the seed
checks pending (the server seed is not revealed yet; run again later).
`;

/** The widest copy of a tile in a mirror directory, for a mirror of `size` leaves. */
function mirrorTile(
  dir: string,
  level: number | 'entries',
  index: number,
  size: number,
): Uint8Array | undefined {
  const width = tileWidthAt(level === 'entries' ? 0 : level, index, size);
  if (width === 0) return undefined;
  const file = path.join(dir, ...tilePath({ level, index, width }).split('/'));
  return fs.existsSync(file)
    ? new Uint8Array(fs.readFileSync(file))
    : undefined;
}

/** Checks a verified receipt against a tile mirror; throws with the reason. */
function checkMirror(
  receipt: VerifiedReceipt,
  dir: string,
  policy: TlogPolicy,
): number {
  const { checkpoint: mirror } = verifyCheckpointWithPolicy(
    fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'),
    policy,
  );
  const size = receipt.checkpoint.treeSize;
  if (mirror.treeSize < size) {
    throw new Error(
      `the mirror (size ${mirror.treeSize}) is behind the receipt's checkpoint (size ${size}); update it first`,
    );
  }
  const root = rootFromTiles(size, (level, index) =>
    mirrorTile(dir, level, index, mirror.treeSize),
  );
  if (!bytesEqual(root, receipt.checkpoint.rootHash)) {
    throw new Error(
      `the mirror's tree of size ${size} has root ${bytesToBase64(
        root,
      )}, the receipt's checkpoint ${bytesToBase64(
        receipt.checkpoint.rootHash,
      )}: the log showed them different trees`,
    );
  }
  const bundle = mirrorTile(
    dir,
    'entries',
    Math.floor(receipt.index / TILE_WIDTH),
    mirror.treeSize,
  );
  const entry = bundle && decodeEntryBundle(bundle)[receipt.index % TILE_WIDTH];
  if (!entry || !bytesEqual(entry, encodeRound(receipt.round))) {
    throw new Error(
      `the mirror's entry ${receipt.index} is not the receipt's round '${receipt.round.roundId}'`,
    );
  }
  return mirror.treeSize;
}

/** `fairness-verify receipt`: resolves to the exit code. */
export async function runReceipt(argv: string[], io: Io): Promise<number> {
  const args = readPolicyAndFile(argv, io, {
    usage: RECEIPT_USAGE,
    file: 'receipt file',
    options: ['tiles'],
  });
  if (typeof args === 'number') return args;
  const { policy, text } = args;
  const values = { tiles: args.options.tiles, json: args.json };
  let receipt: VerifiedReceipt;
  let mirrorSize: number | undefined;
  try {
    receipt = verifyReceipt(text, policy);
    if (values.tiles) mirrorSize = checkMirror(receipt, values.tiles, policy);
  } catch (error) {
    const reason = (error as Error).message;
    io.out(
      values.json
        ? `${JSON.stringify(
            { ok: false, status: 'failed', reason },
            null,
            2,
          )}\n`
        : `REJECTED: ${reason}\n`,
    );
    return EXIT_FAILED;
  }
  const pending = receipt.commitment.pending || receipt.result.pending;
  const status = pending ? 'pending' : 'verified';
  if (values.json) {
    io.out(
      `${JSON.stringify(
        {
          ok: !pending,
          status,
          roundId: receipt.round.roundId,
          index: receipt.index,
          treeSize: receipt.checkpoint.treeSize,
          rootHash: bytesToBase64(receipt.checkpoint.rootHash),
          cosignedBy: receipt.cosignedBy,
          mirrorSize,
          commitment: receipt.commitment,
          result: receipt.result,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.out(
      [
        `round '${receipt.round.roundId}' is leaf ${receipt.index} of ${receipt.checkpoint.origin} at size ${receipt.checkpoint.treeSize}`,
        `checkpoint: signed by the log, cosigned by ${
          receipt.cosignedBy.join(', ') ||
          'no witness (the policy asks for none)'
        }`,
        ...(mirrorSize !== undefined
          ? [`mirror: same tree and same round (mirror size ${mirrorSize})`]
          : []),
        `commitment: ${receipt.commitment.reason}`,
        `result: ${receipt.result.reason}`,
        pending
          ? 'PENDING: included; seed checks wait for the reveal'
          : 'VERIFIED',
        '',
      ].join('\n'),
    );
  }
  return pending ? EXIT_PENDING : EXIT_OK;
}
