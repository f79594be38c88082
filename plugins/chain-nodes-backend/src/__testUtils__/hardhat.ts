import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** A free TCP port on 127.0.0.1 (closed again, so nothing listens on it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

export async function rpc(
  endpoint: string,
  method: string,
  params: unknown[] = [],
) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await res.json()).result;
}

/** A real Hardhat 3 node (`hardhat node`) from packages/chain-nodes-dev. */
export class HardhatNode {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoint: string,
  ) {}

  /**
   * Starts a node with automining off and a long mining interval, so its
   * height only changes when the test mines blocks (`hardhat_mine`).
   */
  static async start(options: { chainId?: number } = {}): Promise<HardhatNode> {
    const devDir = path.dirname(
      require.resolve('@internal/chain-nodes-dev/package.json'),
    );
    const hardhatCli = path.join(
      path.dirname(require.resolve('hardhat/package.json')),
      'dist/src/cli.js',
    );
    const port = await freePort();
    const args = [
      hardhatCli,
      '--network',
      'test-node',
      'node',
      '--hostname',
      '127.0.0.1',
      '--port',
      String(port),
    ];
    if (options.chainId) args.push('--chain-id', String(options.chainId));
    const child = spawn(process.execPath, args, {
      cwd: devDir,
      env: {
        ...process.env,
        CHAIN_NODES_STATE_DIR: path.join(devDir, '../../data/chain-nodes-test'),
        DO_NOT_TRACK: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', d => (stderr += d));
    const endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(
          `hardhat node exited with ${child.exitCode}: ${stderr}`,
        );
      }
      try {
        await rpc(endpoint, 'eth_chainId');
        return new HardhatNode(child, endpoint);
      } catch {
        if (Date.now() > deadline) {
          child.kill();
          throw new Error(
            `hardhat node did not start on ${endpoint}: ${stderr}`,
          );
        }
        await new Promise(r => setTimeout(r, 200));
      }
    }
  }

  async mine(blocks: number) {
    await rpc(this.endpoint, 'hardhat_mine', [`0x${blocks.toString(16)}`]);
  }

  async stop() {
    if (this.child.exitCode !== null) return;
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
