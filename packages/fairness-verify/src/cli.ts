import {
  generateNoteKeys,
  parseVerifierKey,
  setCryptoPrimitives,
  verifyEvidenceBundle,
} from '@internal/plugin-fairness-common';
import { nodeCryptoPrimitives } from './nodeCrypto';
import fs from 'node:fs';
import { runMonitor } from './monitorCommand';
import { runPack } from './packCommand';
import { runReceipt } from './receiptCommand';
import { runWitness } from './witnessServer';
import { parseArgs } from 'node:util';
import {
  EXIT_OK,
  EXIT_USAGE,
  checkAnchor,
  exitCodeFor,
  formatReport,
  hexBytes,
  overallStatus,
} from './verify';

const USAGE = `Usage:
  fairness-verify <bundle.json> --public-key <key|@file> [--earlier-checkpoint <file>] [--rpc-url <url>] [--json]
  fairness-verify keygen <origin>
  fairness-verify receipt <round.tlog-proof> --policy <file> [--tiles <dir>] [--json]
  fairness-verify monitor <base URL | mirror dir> --policy <file> --state <file> [--once | --follow [--interval <s>]] [--token <t|@file>] [--json]
  fairness-verify pack <evidence-pack.ndjson> --policy <file> [--summary <out.md>] [--json]
  fairness-verify witness --name <name> --log <log vkey> [--state <file>] [--port <port>]

Verifies a provably-fair evidence bundle without the portal: the Ed25519
signature of its tree head, every round's seed commitment, recomputed result
and inclusion proof, optionally consistency with an earlier tree head you kept
and the tree head's on-chain anchor.

Exit codes: 0 verified, 1 verification failed, 2 usage error,
3 verified so far with some rounds pending (their server seed is still in
use, so results cannot be recomputed yet; nothing failed - run again later).
`;

type Io = { out: (text: string) => void; err: (text: string) => void };

const defaultIo: Io = {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
};

function readKey(value: string): string {
  return (
    value.startsWith('@') ? fs.readFileSync(value.slice(1), 'utf8') : value
  ).trim();
}

/** Runs the CLI and resolves to its exit code. */
export async function main(
  argv: string[],
  io: Io = defaultIo,
): Promise<number> {
  setCryptoPrimitives(nodeCryptoPrimitives);
  if (argv[0] === 'receipt') {
    return runReceipt(argv.slice(1), io);
  }
  if (argv[0] === 'pack') {
    return runPack(argv.slice(1), io);
  }
  if (argv[0] === 'monitor') {
    return runMonitor(argv.slice(1), io);
  }
  if (argv[0] === 'witness') {
    return runWitness(argv.slice(1), io);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'public-key': { type: 'string' },
        'earlier-checkpoint': { type: 'string' },
        'rpc-url': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (positionals[0] === 'keygen') {
    if (positionals.length !== 2) {
      io.err(USAGE);
      return EXIT_USAGE;
    }
    try {
      const keys = generateNoteKeys(positionals[1]);
      io.out(
        `signing key (keep secret, fairness.signingKey):\n${keys.signerKey}\n\npublic key (publish to auditors):\n${keys.verifierKey}\n`,
      );
      return EXIT_OK;
    } catch (error) {
      io.err(`${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
  }
  if (positionals.length !== 1 || !values['public-key']) {
    io.err(
      `${
        positionals.length !== 1
          ? 'give exactly one evidence bundle file'
          : '--public-key is required'
      }\n\n${USAGE}`,
    );
    return EXIT_USAGE;
  }

  let bundle;
  let verifierKey: string;
  let earlierCheckpoint: string | undefined;
  try {
    verifierKey = readKey(values['public-key']);
    parseVerifierKey(verifierKey);
  } catch (error) {
    io.err(`--public-key: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  try {
    bundle = JSON.parse(fs.readFileSync(positionals[0], 'utf8'));
  } catch (error) {
    io.err(
      `cannot read evidence bundle ${positionals[0]}: ${
        (error as Error).message
      }\n`,
    );
    return EXIT_USAGE;
  }
  if (values['earlier-checkpoint']) {
    try {
      earlierCheckpoint = fs.readFileSync(values['earlier-checkpoint'], 'utf8');
    } catch (error) {
      io.err(`cannot read earlier checkpoint: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
  }

  const report = verifyEvidenceBundle(bundle, {
    verifierKey,
    earlierCheckpoint,
  });
  const anchor =
    values['rpc-url'] && report.checkpoint
      ? await checkAnchor(bundle, values['rpc-url'])
      : undefined;
  const status = overallStatus(report, anchor);
  if (values.json) {
    io.out(
      `${JSON.stringify(
        { ...report, ok: status === 'verified', status, anchor },
        hexBytes,
        2,
      )}\n`,
    );
  } else {
    io.out(formatReport(report, bundle, anchor));
  }
  return exitCodeFor(status);
}
