import { TlogPolicy, parseTlogPolicy } from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { logSource } from './logSource';
import {
  LogReadError,
  MONITOR_STATE_FORMAT,
  MonitorRun,
  MonitorState,
  monitorOnce,
} from './monitor';
import { EXIT_FAILED, EXIT_OK, EXIT_PENDING, EXIT_USAGE } from './verify';

/** The log could not be read (unreachable, a tile missing): nothing concluded, state unchanged. */
export const EXIT_UNREADABLE = 4;

export const MONITOR_USAGE = `Usage:
  fairness-verify monitor <base URL | mirror dir> --policy <tlog-policy file> --state <file>
      [--once | --follow [--interval <seconds>]] [--token <token|@file>] [--json]

Follows the log from its tiles: verifies each new checkpoint's signature and
cosignatures against the policy, that it extends the tree this monitor
verified before (recomputed from the new entries, kept as a compact range in
the state file), that the hash tiles hold the entries' hashes, and recomputes
every round once its server seed is revealed (rounds whose seed is still in
use stay pending, never failed). Rounds whose result does not recompute are
reported and kept in the state file.

The source is the portal's tlog-tiles base (https://portal/api/fairness; the
token needs fairness.entries.read for entry bundles and an auditor for seeds)
or a mirror directory (checkpoint, tile/..., seeds/<serverSeedHash> files
holding the JSON of GET /seeds/<serverSeedHash>).

--once (the default) runs one pass; --follow repeats every --interval seconds
(default 30) until a check fails (an alert: the monitor stopped).

Exit codes: 0 verified, 1 the log or a round failed, 2 usage error,
3 verified so far with rounds pending their seed, 4 the log could not be read
(nothing concluded; the state file is unchanged).
`;

type Io = { out: (text: string) => void; err: (text: string) => void };

function readState(file: string): MonitorState | undefined {
  if (!fs.existsSync(file)) return undefined;
  const state = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (state?.format !== MONITOR_STATE_FORMAT) {
    throw new Error(`${file} is not a ${MONITOR_STATE_FORMAT} state file`);
  }
  return state;
}

function writeState(file: string, state: MonitorState) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

function formatRun(run: MonitorRun, source: string): string {
  const lines = [`log ${source}`];
  if (run.logFailure) {
    lines.push(`FAILED: ${run.logFailure}`, '');
    return lines.join('\n');
  }
  lines.push(
    `checkpoint: size ${run.treeSize}, signed by the log, cosigned by ${
      run.cosignedBy.join(', ') || 'no witness (the policy asks for none)'
    }`,
    run.previousSize > 0
      ? `consistent: extends the tree of size ${run.previousSize} verified before`
      : 'first run: the whole log was replayed',
    `new leaves: ${run.newLeaves}; rounds recomputed: ${run.recomputed}; pending their seed: ${run.pendingRounds}`,
  );
  for (const f of run.newFailures) {
    lines.push(`FAILED round '${f.roundId}' (leaf ${f.index}): ${f.reason}`);
  }
  const earlier = run.allFailures.length - run.newFailures.length;
  if (earlier > 0)
    lines.push(
      `${earlier} failed round(s) found in earlier runs (see the state file)`,
    );
  lines.push(run.status.toUpperCase(), '');
  return lines.join('\n');
}

function exitCode(run: MonitorRun): number {
  if (run.status === 'failed') return EXIT_FAILED;
  return run.status === 'pending' ? EXIT_PENDING : EXIT_OK;
}

/** `fairness-verify monitor`: resolves to the exit code. */
export async function runMonitor(
  argv: string[],
  io: Io,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        policy: { type: 'string' },
        state: { type: 'string' },
        token: { type: 'string' },
        once: { type: 'boolean' },
        follow: { type: 'boolean' },
        interval: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${MONITOR_USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const interval = Number(values.interval ?? 30);
  const problem =
    (positionals.length !== 1 &&
      'give exactly one base URL or mirror directory') ||
    (!values.policy && '--policy is required') ||
    (!values.state && '--state is required') ||
    (values.once && values.follow && 'give --once or --follow, not both') ||
    (values.interval !== undefined &&
      !values.follow &&
      '--interval needs --follow') ||
    ((!Number.isFinite(interval) || interval <= 0) &&
      '--interval must be a positive number of seconds');
  if (problem) {
    io.err(`${problem}\n\n${MONITOR_USAGE}`);
    return EXIT_USAGE;
  }
  let policy: TlogPolicy;
  let state: MonitorState | undefined;
  let token: string | undefined;
  try {
    policy = parseTlogPolicy(fs.readFileSync(values.policy!, 'utf8'));
    state = readState(values.state!);
    token = values.token?.startsWith('@')
      ? fs.readFileSync(values.token.slice(1), 'utf8').trim()
      : values.token;
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const where = positionals[0];
  const source = logSource(where, token);

  for (;;) {
    let code: number;
    try {
      const run = await monitorOnce(source, policy, state);
      if (run.state) {
        writeState(values.state!, run.state);
        state = run.state;
      }
      const { state: _state, ...report } = run;
      io.out(
        values.json
          ? `${JSON.stringify(
              { ok: run.status === 'verified', ...report },
              null,
              2,
            )}\n`
          : formatRun(run, source.name),
      );
      code = exitCode(run);
    } catch (error) {
      if (!(error instanceof LogReadError)) throw error;
      io.err(`cannot read the log: ${error.message} (nothing concluded)\n`);
      code = EXIT_UNREADABLE;
    }
    if (!values.follow || code === EXIT_FAILED || options.signal?.aborted) {
      return code;
    }
    try {
      await sleep(interval * 1000, undefined, { signal: options.signal });
    } catch {
      return code;
    }
  }
}
