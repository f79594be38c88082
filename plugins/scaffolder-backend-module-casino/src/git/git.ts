import { execFile, spawn } from 'node:child_process';
import { Readable } from 'node:stream';

/** Identity used for commits the portal makes. @internal */
export interface GitAuthor {
  name: string;
  email: string;
}

/** The failure of a git command, with its stderr. @internal */
export class GitCommandError extends Error {
  constructor(readonly args: string[], readonly stderr: string) {
    super(`git ${args.join(' ')} failed: ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

const baseEnv = () => ({
  ...process.env,
  // Never prompt, never read the user's or system git configuration
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  LC_ALL: 'C',
});

/** Runs git and returns stdout as a buffer. @internal */
export function gitBuffer(
  args: string[],
  options: { cwd?: string; author?: GitAuthor } = {},
): Promise<Buffer> {
  const identity = options.author
    ? [
        '-c',
        `user.name=${options.author.name}`,
        '-c',
        `user.email=${options.author.email}`,
      ]
    : [];
  const fullArgs = [...identity, '-c', 'commit.gpgsign=false', ...args];
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      fullArgs,
      {
        cwd: options.cwd,
        env: baseEnv(),
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new GitCommandError(args, stderr.toString('utf8') || error.message),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

/** Runs git and returns stdout as text. @internal */
export async function git(
  args: string[],
  options: { cwd?: string; author?: GitAuthor } = {},
): Promise<string> {
  return (await gitBuffer(args, options)).toString('utf8');
}

/** Streams the stdout of a git command (e.g. `git archive`). @internal */
export function gitStream(args: string[]): Readable {
  const child = spawn('git', args, {
    env: baseEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', d => {
    stderr += d;
  });
  child.on('close', code => {
    if (code !== 0) {
      child.stdout.destroy(new GitCommandError(args, stderr));
    }
  });
  return child.stdout;
}
