import canonicalize from 'canonicalize';
import { Checkpoint } from './checkpoint';
import { base64ToBytes, bytesToBase64, utf8ToBytes } from './encoding';
import { verifyInclusion } from './merkle';
import { TlogPolicy, verifyCheckpointWithPolicy } from './policy';
import {
  CheckOutcome,
  FairnessRound,
  ROUND_ENCODING_VERSION,
  canonicalRoundJson,
  checkCommitment,
  checkResult,
  roundLeafHash,
} from './round';

/** First line of a C2SP tlog-proof. @public */
export const RECEIPT_HEADER = 'c2sp.org/tlog-proof@v1';

/** What a receipt carries in its `extra` line: the round, and its seed once revealed. @public */
export type ReceiptExtra = {
  round: FairnessRound;
  serverSeed: string | null;
};

/**
 * A round's receipt as a C2SP tlog-proof: the extra line holds the round and
 * its server seed (canonical JSON), then its leaf index, the inclusion path
 * and the checkpoint (with any cosignatures) verbatim.
 * @public
 */
export function formatReceipt(options: {
  round: FairnessRound;
  serverSeed: string | null;
  index: number;
  proof: Uint8Array[];
  checkpointNote: string;
}): string {
  const { round, serverSeed, index, proof, checkpointNote } = options;
  const extra = canonicalize({ round, serverSeed } satisfies ReceiptExtra)!;
  return [
    RECEIPT_HEADER,
    `extra ${bytesToBase64(utf8ToBytes(extra))}`,
    `index ${index}`,
    ...proof.map(bytesToBase64),
    '',
    checkpointNote,
  ].join('\n');
}

/** A receipt that verified. @public */
export type VerifiedReceipt = {
  round: FairnessRound;
  index: number;
  checkpoint: Checkpoint;
  cosignedBy: string[];
  commitment: CheckOutcome;
  result: CheckOutcome;
};

/**
 * Verifies a receipt offline against a tlog-policy: the checkpoint is signed
 * by a log of the policy and cosigned by its quorum, the round is included
 * at its index, and once the seed is revealed it matches the commitment and
 * recomputes the recorded result (pending before). Throws with the reason
 * on anything else, including any byte of the receipt changed.
 * @public
 */
export function verifyReceipt(
  text: string,
  policy: TlogPolicy,
): VerifiedReceipt {
  const split = text.indexOf('\n\n');
  if (split < 0)
    throw new Error('receipt: no blank line before the checkpoint');
  const [header, ...lines] = text.slice(0, split).split('\n');
  if (header !== RECEIPT_HEADER) {
    throw new Error(`receipt: first line must be '${RECEIPT_HEADER}'`);
  }
  const extraLine = lines[0]?.startsWith('extra ') ? lines.shift()! : undefined;
  const indexMatch = /^index (0|[1-9][0-9]*)$/.exec(lines.shift() ?? '');
  if (!indexMatch || !Number.isSafeInteger(Number(indexMatch[1]))) {
    throw new Error('receipt: malformed index line');
  }
  const index = Number(indexMatch[1]);
  const proof = lines.map((line, i) => {
    let hash: Uint8Array | undefined;
    try {
      hash = base64ToBytes(line);
    } catch {
      hash = undefined;
    }
    if (hash?.length !== 32) {
      throw new Error(
        `receipt: inclusion proof line ${i + 1} is not a base64 SHA-256 hash`,
      );
    }
    return hash;
  });
  if (!extraLine) throw new Error('receipt: no extra line with the round');
  let extra: ReceiptExtra;
  try {
    const json = new TextDecoder('utf-8', { fatal: true }).decode(
      base64ToBytes(extraLine.slice('extra '.length)),
    );
    extra = JSON.parse(json);
    if (canonicalize(extra) !== json) throw new Error('not canonical');
    // Exactly the round and its seed: nothing unhashed can ride along.
    if (
      Object.keys(extra).sort().join() !== 'round,serverSeed' ||
      !(extra.serverSeed === null || typeof extra.serverSeed === 'string') ||
      canonicalize({ ...extra.round, v: ROUND_ENCODING_VERSION }) !==
        canonicalRoundJson(extra.round)
    ) {
      throw new Error('unexpected fields');
    }
  } catch (error) {
    throw new Error(
      `receipt: the extra line is not the canonical JSON of a round (${
        (error as Error).message
      })`,
    );
  }
  const { checkpoint, cosignedBy } = verifyCheckpointWithPolicy(
    text.slice(split + 2),
    policy,
  );
  const { round, serverSeed } = extra;
  if (
    !verifyInclusion(
      roundLeafHash(round),
      index,
      checkpoint.treeSize,
      proof,
      checkpoint.rootHash,
    )
  ) {
    throw new Error(
      `receipt: round '${round?.roundId}' is not included at index ${index} of the checkpoint (size ${checkpoint.treeSize})`,
    );
  }
  const commitment = checkCommitment(round, serverSeed);
  const result = checkResult(round, serverSeed);
  for (const check of [commitment, result]) {
    if (!check.ok && !check.pending)
      throw new Error(`receipt: ${check.reason}`);
  }
  return { round, index, checkpoint, cosignedBy, commitment, result };
}
