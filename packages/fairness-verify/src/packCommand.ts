import {
  VerifiedEvidencePack,
  evidencePackSummary,
  verifyEvidencePack,
} from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import { Io, readPolicyAndFile } from './policyFileArgs';
import { EXIT_FAILED, EXIT_OK, EXIT_PENDING } from './verify';

export const PACK_USAGE = `Usage:
  fairness-verify pack <evidence-pack.ndjson> --policy <tlog-policy file> [--summary <out.md>] [--json]

Verifies a regulator evidence pack (fairness-evidence-pack/v1) offline: the
log's signature over every record, the checkpoint's signature and witness
quorum, every round's inclusion, every outcome recomputed from the pack's
seeds, seed reveals after their commitments, and the RTP per game reconciled
with the rounds. --summary writes the readable Markdown summary.

Exit codes: 0 verified, 1 the pack is not authentic or a round does not
recompute, 2 usage error, 3 verified with rounds pending their seed.
`;

/** `fairness-verify pack`: resolves to the exit code. */
export async function runPack(argv: string[], io: Io): Promise<number> {
  const args = readPolicyAndFile(argv, io, {
    usage: PACK_USAGE,
    file: 'evidence pack file',
    options: ['summary'],
  });
  if (typeof args === 'number') return args;
  const { policy, text } = args;
  const values = { summary: args.options.summary, json: args.json };
  let pack: VerifiedEvidencePack;
  try {
    pack = verifyEvidencePack(text, policy);
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
  const summary = evidencePackSummary(pack);
  if (values.summary) fs.writeFileSync(values.summary, summary);
  if (values.json) {
    io.out(
      `${JSON.stringify(
        {
          ok: pack.status === 'verified',
          status: pack.status,
          scope: pack.header.scope,
          treeSize: pack.treeSize,
          cosignedBy: pack.cosignedBy,
          rounds: pack.rounds.length,
          verified: pack.verified,
          pending: pack.pending,
          failed: pack.failed,
          rtp: pack.rtp,
          next: pack.end.next,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.out(
      [
        `evidence pack of ${pack.header.log.origin}: ${pack.rounds.length} rounds, all included in the checkpoint of size ${pack.treeSize}`,
        `checkpoint: signed by the log, cosigned by ${
          pack.cosignedBy.join(', ') || 'no witness (the policy asks for none)'
        }; pack signed by the log`,
        `outcomes: ${pack.verified} recomputed, ${pack.pending} pending their seed, ${pack.failed.length} failed`,
        ...pack.failed.map(
          f => `FAILED round '${f.roundId}' (leaf ${f.leafIndex}): ${f.reason}`,
        ),
        `rtp: ${pack.rtp
          .map(
            r =>
              `${r.game} ${r.currency} ${
                r.measuredRtp === null
                  ? 'n/a'
                  : (r.measuredRtp * 100).toFixed(2)
              } % (theoretical ${
                r.theoreticalRtp === null
                  ? 'not configured'
                  : `${(r.theoreticalRtp * 100).toFixed(2)} %`
              })`,
          )
          .join('; ')}`,
        pack.status.toUpperCase(),
        '',
      ].join('\n'),
    );
  }
  if (pack.status === 'failed') return EXIT_FAILED;
  return pack.status === 'pending' ? EXIT_PENDING : EXIT_OK;
}
