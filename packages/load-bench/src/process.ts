import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** A process the benchmark started, in its own process group, logging to a file. */
export class BenchProcess {
  exited?: number | null;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    child.on('exit', code => {
      this.exited = code;
    });
  }

  static start(
    name: string,
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
  ) {
    const log = fs.openSync(options.logFile, 'a');
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    return new BenchProcess(name, child, options.logFile);
  }

  /** The process group id (the child's pid: it leads its own group). */
  get pgid(): number {
    return this.child.pid!;
  }

  tail(lines = 30): string {
    try {
      return fs
        .readFileSync(this.logFile, 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }

  /** SIGTERM to the whole group, SIGKILL after 30 s (a CPU profile is written on exit). */
  async stop() {
    if (!this.child.pid || this.exited !== undefined) return;
    const gone = new Promise(r => this.child.once('exit', r));
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-this.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 30_000);
    await gone;
    clearTimeout(timer);
    // Children the group leader left behind (backstage-cli's backend).
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // none left
    }
  }
}

/** Polls `fn` until it returns a value; fails early when `proc` exits. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  proc?: BenchProcess,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc?.exited !== undefined) {
      throw new Error(
        `${proc.name} exited (${
          proc.exited
        }) while waiting for ${what}:\n${proc.tail()}`,
      );
    }
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${
      proc ? `:\n${proc.tail()}` : ''
    }`,
  );
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}
