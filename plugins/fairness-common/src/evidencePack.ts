import { sha256 } from '@noble/hashes/sha2';
import { NoteSigner, openNote, signNote } from './checkpoint';
import { bytesToHex, hexToBytes, utf8ToBytes } from './encoding';
import { verifyInclusion } from './merkle';
import { TlogPolicy, verifyCheckpointWithPolicy } from './policy';
import { GameResult } from './games';
import {
  CheckStatus,
  FairnessRound,
  checkCommitment,
  checkResult,
  combinedStatus,
  roundLeafHash,
} from './round';

/**
 * Identifies the regulator evidence pack format: newline-delimited JSON, one
 * record a line (header, rounds, seeds, rtp, end), closed by a signature
 * line whose signed note carries the SHA-256 of every byte before it.
 * @public
 */
export const EVIDENCE_PACK_FORMAT = 'fairness-evidence-pack/v1';

/** What a pack covers: a player, a game server and/or a played-at range. @public */
export type EvidencePackScope = {
  playerId?: string;
  gameServerId?: string;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
};

/** First line. @public */
export type EvidencePackHeader = {
  type: 'header';
  format: typeof EVIDENCE_PACK_FORMAT;
  generatedAt: string;
  scope: EvidencePackScope;
  log: { origin: string; verifierKey: string };
  /** The published checkpoint (with its witnesses' cosignatures) every inclusion proof is against. */
  checkpoint: string;
  /** Paging: rounds after this leaf index (null from the start), at most `limit`. */
  page: { after: number | null; limit: number };
};

/** One game round (a game-play record) with its proof and recomputed outcome. @public */
export type EvidencePackRound = {
  type: 'round';
  leafIndex: number;
  round: FairnessRound;
  /** Audit path to the checkpoint's root, hex, leaf side first. */
  inclusionProof: string[];
  /** The outcome recomputed from the seeds: verified, pending (seed not revealed) or failed. */
  outcome: {
    status: CheckStatus;
    recomputed: GameResult | null;
    reason: string;
  };
};

/** One seed pair used by the pack's rounds: its commitment and reveal. @public */
export type EvidencePackSeed = {
  type: 'seed';
  serverSeedHash: string;
  clientSeed: string;
  gameServerId: string;
  /** When the log registered the commitment. */
  committedAt: string;
  serverSeed: string | null;
  revealedAt: string | null;
};

/** Return to player per game and currency over the pack's rounds. @public */
export type EvidencePackRtp = {
  type: 'rtp';
  game: string;
  currency: string;
  rounds: number;
  wageredMinor: number;
  paidMinor: number;
  /** paid / wagered; null when nothing was wagered. */
  measuredRtp: number | null;
  /** The operator's configured theoretical RTP for the game; null when not configured. */
  theoreticalRtp: number | null;
};

/** The line before the signature. @public */
export type EvidencePackEnd = {
  type: 'end';
  rounds: number;
  /** Pass as `after` for the next pack of the same scope; null when this is the last. */
  next: number | null;
  /** Matching rounds newer than the checkpoint (in a later pack once published). */
  notYetCovered: number;
};

/** @public */
export type EvidencePackRecord =
  | EvidencePackHeader
  | EvidencePackRound
  | EvidencePackSeed
  | EvidencePackRtp
  | EvidencePackEnd;

/** The text the log signs: format, origin, record count and the digest of the records. */
function signedText(origin: string, records: number, digest: string) {
  return `${EVIDENCE_PACK_FORMAT}\n${origin}\nrecords ${records}\nsha256 ${digest}\n`;
}

/** RTP rows of rounds, by game and currency, sorted. @public */
export function rtpByGame(
  rounds: Array<
    Pick<FairnessRound, 'game' | 'currency' | 'wagerMinor' | 'payoutMinor'>
  >,
  theoretical: Record<string, number | undefined> = {},
): EvidencePackRtp[] {
  const rows = new Map<string, EvidencePackRtp>();
  for (const r of rounds) {
    const key = `${r.game}\u0000${r.currency}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        type: 'rtp',
        game: r.game,
        currency: r.currency,
        rounds: 0,
        wageredMinor: 0,
        paidMinor: 0,
        measuredRtp: null,
        theoreticalRtp: theoretical[r.game] ?? null,
      };
      rows.set(key, row);
    }
    row.rounds++;
    row.wageredMinor += r.wagerMinor;
    row.paidMinor += r.payoutMinor;
  }
  return [...rows.values()]
    .map(row => ({
      ...row,
      measuredRtp:
        row.wageredMinor > 0
          ? Math.round((row.paidMinor / row.wageredMinor) * 1e6) / 1e6
          : null,
    }))
    .sort((a, b) =>
      a.game === b.game
        ? a.currency.localeCompare(b.currency)
        : a.game.localeCompare(b.game),
    );
}

/** The recomputed outcome of a round given its seed (null while not revealed). @public */
export function packOutcome(
  round: FairnessRound,
  serverSeed: string | null,
): EvidencePackRound['outcome'] {
  const commitment = checkCommitment(round, serverSeed);
  const result = checkResult(round, serverSeed);
  const status = combinedStatus([commitment, result]);
  return {
    status,
    recomputed: result.recomputed ?? null,
    reason:
      status === 'failed'
        ? [commitment, result]
            .filter(c => !c.ok)
            .map(c => c.reason)
            .join('; ')
        : result.reason,
  };
}

/**
 * Writes a pack as lines and signs it: feed every record to `add` (each
 * becomes one line, returned for streaming), then `finish` returns the
 * signature line. Memory stays flat; the digest is computed as lines go.
 * @public
 */
export function createPackWriter(signer: NoteSigner) {
  const hash = sha256.create();
  let records = 0;
  return {
    add(record: EvidencePackRecord): string {
      const line = `${JSON.stringify(record)}\n`;
      hash.update(utf8ToBytes(line));
      records++;
      return line;
    },
    finish(): string {
      const note = signNote(
        signedText(signer.name, records, bytesToHex(hash.digest())),
        signer,
      );
      return `${JSON.stringify({ type: 'signature', note })}\n`;
    },
  };
}

/** A pack that verified offline, with what the verifier recomputed. @public */
export type VerifiedEvidencePack = {
  header: EvidencePackHeader;
  end: EvidencePackEnd;
  rounds: EvidencePackRound[];
  seeds: EvidencePackSeed[];
  /** The pack's RTP rows, each reconciled with the rounds. */
  rtp: EvidencePackRtp[];
  cosignedBy: string[];
  treeSize: number;
  /** Rounds by recomputed status. */
  verified: number;
  pending: number;
  failed: Array<{ leafIndex: number; roundId: string; reason: string }>;
  status: CheckStatus;
};

/**
 * Verifies a pack offline against a tlog-policy: the signature line (the
 * log's key) over every byte before it, the checkpoint's signature and
 * witness quorum, each round's inclusion, each outcome recomputed here from
 * the pack's seeds (and equal to the outcome the pack states), seed reveal
 * times after their commitment, and the RTP rows reconciled with the rounds.
 * Throws with the reason when the pack itself is not authentic or not
 * consistent; rounds that do not recompute are reported in `failed`.
 * @public
 */
export function verifyEvidencePack(
  text: string,
  policy: TlogPolicy,
): VerifiedEvidencePack {
  if (!text.endsWith('\n')) throw new Error('pack: must end with a newline');
  const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
  const body = text.slice(0, lastStart);
  let note: string;
  try {
    const signature = JSON.parse(text.slice(lastStart));
    if (signature?.type !== 'signature' || typeof signature.note !== 'string')
      throw new Error('not a signature record');
    note = signature.note;
  } catch (error) {
    throw new Error(
      `pack: the last line is not its signature (${(error as Error).message})`,
    );
  }
  let signed: string | undefined;
  const reasons: string[] = [];
  for (const log of policy.logs) {
    try {
      signed = openNote(note, log);
      break;
    } catch (error) {
      reasons.push((error as Error).message);
    }
  }
  if (!signed) {
    throw new Error(
      `pack: not signed by a log of the policy: ${reasons.join('; ')}`,
    );
  }
  const lines = body.split('\n').slice(0, -1);
  const digest = bytesToHex(sha256(utf8ToBytes(body)));
  const [, origin] = signed.split('\n');
  if (signed !== signedText(origin, lines.length, digest)) {
    throw new Error(
      `pack: its records are not the ones the log signed (sha256 ${digest}, ${
        lines.length
      } records; signed: ${JSON.stringify(signed)})`,
    );
  }
  const records = lines.map((line, i) => {
    try {
      return JSON.parse(line) as EvidencePackRecord;
    } catch {
      throw new Error(`pack: line ${i + 1} is not JSON`);
    }
  });
  const header = records[0];
  const end = records[records.length - 1];
  if (header?.type !== 'header' || header.format !== EVIDENCE_PACK_FORMAT) {
    throw new Error(`pack: first line is not a ${EVIDENCE_PACK_FORMAT} header`);
  }
  if (end?.type !== 'end') throw new Error('pack: no end record');
  if (header.log.origin !== origin) {
    throw new Error(
      `pack: header names log '${header.log.origin}', signed by '${origin}'`,
    );
  }
  const { checkpoint, cosignedBy } = verifyCheckpointWithPolicy(
    header.checkpoint,
    policy,
  );
  if (checkpoint.origin !== origin) {
    throw new Error(
      `pack: checkpoint of '${checkpoint.origin}' in a pack of '${origin}'`,
    );
  }
  const rounds = records.filter(
    (r): r is EvidencePackRound => r.type === 'round',
  );
  const seeds = records.filter((r): r is EvidencePackSeed => r.type === 'seed');
  const rtp = records.filter((r): r is EvidencePackRtp => r.type === 'rtp');
  if (end.rounds !== rounds.length) {
    throw new Error(
      `pack: end record counts ${end.rounds} rounds, the pack holds ${rounds.length}`,
    );
  }
  const seedByHash = new Map(seeds.map(s => [s.serverSeedHash, s]));
  for (const s of seeds) {
    if (
      s.revealedAt !== null &&
      Date.parse(s.revealedAt) < Date.parse(s.committedAt)
    ) {
      throw new Error(
        `pack: seed ${s.serverSeedHash} revealed before it was committed`,
      );
    }
  }
  const failed: VerifiedEvidencePack['failed'] = [];
  let verified = 0;
  let pending = 0;
  for (const item of rounds) {
    const { round, leafIndex } = item;
    let proof: Uint8Array[];
    try {
      proof = item.inclusionProof.map(hexToBytes);
    } catch {
      throw new Error(
        `pack: round '${round.roundId}' has a malformed inclusion proof`,
      );
    }
    if (
      !Number.isSafeInteger(leafIndex) ||
      !verifyInclusion(
        roundLeafHash(round),
        leafIndex,
        checkpoint.treeSize,
        proof,
        checkpoint.rootHash,
      )
    ) {
      throw new Error(
        `pack: round '${round.roundId}' is not included at leaf ${leafIndex} of the checkpoint (size ${checkpoint.treeSize})`,
      );
    }
    const seed = seedByHash.get(round.serverSeedHash);
    if (!seed)
      throw new Error(`pack: round '${round.roundId}' has no seed record`);
    const outcome = packOutcome(round, seed.serverSeed);
    if (outcome.status !== item.outcome.status) {
      throw new Error(
        `pack: round '${round.roundId}' is stated ${item.outcome.status}, recomputes as ${outcome.status}`,
      );
    }
    if (outcome.status === 'verified') verified++;
    else if (outcome.status === 'pending') pending++;
    else
      failed.push({
        leafIndex,
        roundId: round.roundId,
        reason: outcome.reason,
      });
  }
  const recomputedRtp = rtpByGame(
    rounds.map(r => r.round),
    Object.fromEntries(rtp.map(r => [r.game, r.theoreticalRtp ?? undefined])),
  );
  if (JSON.stringify(recomputedRtp) !== JSON.stringify(rtp)) {
    throw new Error('pack: its RTP rows do not reconcile with its rounds');
  }
  let status: CheckStatus = pending > 0 ? 'pending' : 'verified';
  if (failed.length > 0) status = 'failed';
  return {
    header,
    end,
    rounds,
    seeds,
    rtp,
    cosignedBy,
    treeSize: checkpoint.treeSize,
    verified,
    pending,
    failed,
    status,
  };
}

const percent = (v: number | null) =>
  v === null ? 'n/a' : `${(v * 100).toFixed(2)} %`;
const money = (minor: number, currency: string) =>
  `${(minor / 100).toFixed(2)} ${currency}`;
const cell = (text: string) =>
  text.replace(/[|\\`*_[\]<>]/g, c => `\\${c}`).replace(/\s+/g, ' ');

/**
 * The readable summary of a verified pack, as Markdown: scope, checkpoint,
 * outcomes, RTP per game against the theoretical RTP, seeds and failures.
 * @public
 */
export function evidencePackSummary(pack: VerifiedEvidencePack): string {
  const { header, end } = pack;
  const scope =
    Object.entries(header.scope)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} \`${cell(String(v))}\``)
      .join(', ') || 'everything';
  const roundsBySeed = new Map<string, number>();
  for (const r of pack.rounds) {
    roundsBySeed.set(
      r.round.serverSeedHash,
      (roundsBySeed.get(r.round.serverSeedHash) ?? 0) + 1,
    );
  }
  const lines = [
    `# Evidence pack: ${scope}`,
    '',
    `Generated ${header.generatedAt} by log \`${cell(
      header.log.origin,
    )}\`. Status: **${pack.status}**.`,
    '',
    `- Rounds: ${pack.rounds.length} (verified ${pack.verified}, pending their seed ${pack.pending}, failed ${pack.failed.length})`,
    `- Checkpoint: size ${pack.treeSize}, cosigned by ${
      pack.cosignedBy.join(', ') || 'no witness (the policy asks for none)'
    }; every round is proven included in it`,
    `- Paging: after ${header.page.after ?? 'the start'}, at most ${
      header.page.limit
    }; ${
      end.next === null
        ? 'this is the last pack of the scope'
        : `next pack: after=${end.next}`
    }; ${end.notYetCovered} matching rounds are newer than the checkpoint`,
    '',
    '## Return to player per game',
    '',
    '| Game | Currency | Rounds | Wagered | Paid | Measured RTP | Theoretical RTP | Difference |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...pack.rtp.map(
      r =>
        `| ${cell(r.game)} | ${cell(r.currency)} | ${r.rounds} | ${money(
          r.wageredMinor,
          r.currency,
        )} | ${money(r.paidMinor, r.currency)} | ${percent(
          r.measuredRtp,
        )} | ${percent(r.theoreticalRtp)} | ${
          r.measuredRtp === null || r.theoreticalRtp === null
            ? 'n/a'
            : `${((r.measuredRtp - r.theoreticalRtp) * 100).toFixed(2)} pp`
        } |`,
    ),
    '',
    'Measured RTP over few rounds varies widely around the theoretical value; it is evidence, not a test of the game.',
    '',
    '## Seeds: commitment and reveal',
    '',
    '| Server seed hash | Game server | Committed | Revealed | Rounds here |',
    '| --- | --- | --- | --- | ---: |',
    ...pack.seeds.map(
      s =>
        `| \`${s.serverSeedHash.slice(0, 16)}…\` | ${cell(s.gameServerId)} | ${
          s.committedAt
        } | ${s.revealedAt ?? 'not yet (pending)'} | ${
          roundsBySeed.get(s.serverSeedHash) ?? 0
        } |`,
    ),
    '',
    '## Rounds that do not recompute',
    '',
    ...(pack.failed.length === 0
      ? ['None.']
      : pack.failed.map(
          f =>
            `- leaf ${f.leafIndex}, round \`${cell(f.roundId)}\`: ${cell(
              f.reason,
            )}`,
        )),
    '',
  ];
  return lines.join('\n');
}
