import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';

/** One JSON log line of the production backend. */
export type LogLine = {
  level: string;
  message: string;
  plugin?: string;
  [key: string]: unknown;
};

/** A backend (or a local stand-in) running as a child process in its own process group. */
export class RunningProcess {
  readonly lines: string[] = [];
  exited?: number | null;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const collect = (b: Buffer) =>
      this.lines.push(...b.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', code => {
      this.exited = code;
    });
  }

  static start(
    name: string,
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new RunningProcess(name, child);
  }

  /** The JSON log lines (the production logger writes one object per line). */
  logs(): LogLine[] {
    return this.lines.flatMap(l => {
      try {
        const parsed = JSON.parse(l);
        return parsed && typeof parsed === 'object' ? [parsed as LogLine] : [];
      } catch {
        return [];
      }
    });
  }

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
    }, 10_000);
    await gone;
    clearTimeout(timer);
  }

  tail(n = 40) {
    return this.lines.slice(-n).join('\n');
  }
}

/** Polls `fn` until it returns a value; fails early when `process` exits. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  process?: RunningProcess,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process?.exited !== undefined) {
      throw new Error(
        `${process.name} exited (${
          process.exited
        }) while waiting for ${what}:\n${process.tail()}`,
      );
    }
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${
      process ? `:\n${process.tail()}` : ''
    }`,
  );
}

/** A TCP port nothing listens on right now (also used as an unreachable address). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

/**
 * A legacy service token, as another backend holding `BACKEND_SECRET` would
 * send it (`backend.auth.externalAccess` type `legacy`): HS256 over the
 * base64-decoded secret, subject `backstage-server`.
 */
export function legacyServiceToken(secret: string): string {
  const part = (o: object) =>
    Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256' })}.${part({
    sub: 'backstage-server',
    exp: Math.floor(Date.now() / 1000) + 3600,
  })}`;
  const signature = crypto
    .createHmac('sha256', Buffer.from(secret, 'base64'))
    .update(unsigned)
    .digest('base64url');
  return `${unsigned}.${signature}`;
}
