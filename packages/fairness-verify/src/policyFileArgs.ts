import { TlogPolicy, parseTlogPolicy } from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT_USAGE } from './verify';

/** Where a command writes: stdout and stderr, or a test's buffers. */
export type Io = { out: (text: string) => void; err: (text: string) => void };

/**
 * The arguments of an offline check (`receipt`, `pack`): exactly one file,
 * `--policy <file>`, `--json` and the command's own string options. Returns
 * the policy parsed and the file read, or the usage exit code after saying
 * on stderr what is wrong.
 */
export function readPolicyAndFile(
  argv: string[],
  io: Io,
  command: { usage: string; file: string; options: string[] },
):
  | {
      policy: TlogPolicy;
      text: string;
      json: boolean;
      options: Record<string, string | undefined>;
    }
  | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        policy: { type: 'string' },
        json: { type: 'boolean' },
        ...Object.fromEntries(
          command.options.map(o => [o, { type: 'string' as const }]),
        ),
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${command.usage}`);
    return EXIT_USAGE;
  }
  const { positionals } = parsed;
  const values: Record<string, string | boolean | undefined> = parsed.values;
  if (positionals.length !== 1 || !values.policy) {
    io.err(
      `${
        positionals.length !== 1
          ? `give exactly one ${command.file}`
          : '--policy is required'
      }\n\n${command.usage}`,
    );
    return EXIT_USAGE;
  }
  try {
    return {
      policy: parseTlogPolicy(fs.readFileSync(String(values.policy), 'utf8')),
      text: fs.readFileSync(positionals[0], 'utf8'),
      json: Boolean(values.json),
      options: Object.fromEntries(
        command.options.map(o => [o, values[o] as string | undefined]),
      ),
    };
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
}
