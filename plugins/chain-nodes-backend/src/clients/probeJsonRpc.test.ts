import http from 'node:http';
import { AddressInfo } from 'node:net';
import { probeJsonRpc } from './probeJsonRpc';

type Handler = (
  method: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => void;

const nowSeconds = Math.floor(Date.now() / 1000);
const goodResults: Record<string, unknown> = {
  eth_chainId: '0x7a69',
  eth_blockNumber: '0x2a',
  eth_syncing: false,
  net_peerCount: '0x3',
  web3_clientVersion: 'Geth/v1.14.11-stable/linux-amd64/go1.22.5',
  eth_getBlockByNumber: {
    number: '0x2a',
    timestamp: `0x${nowSeconds.toString(16)}`,
  },
};

function reply(res: http.ServerResponse, body: unknown, status = 200) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const ok =
  (overrides: Record<string, unknown> = {}): Handler =>
  (method, _req, res) =>
    reply(res, {
      jsonrpc: '2.0',
      id: 1,
      result: { ...goodResults, ...overrides }[method],
    });

describe('probeJsonRpc', () => {
  let server: http.Server;
  let handler: Handler;
  let endpoint: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let data = '';
      req.on('data', chunk => (data += chunk));
      req.on('end', () => handler(JSON.parse(data).method, req, res));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  it('reads every field from a healthy node', async () => {
    handler = ok();
    const o = await probeJsonRpc(endpoint, { timeoutMs: 1000 });
    expect(o).toMatchObject({
      reachable: true,
      chainId: 31337,
      blockNumber: 42,
      syncing: false,
      peerCount: 3,
      clientVersion: 'Geth/v1.14.11-stable/linux-amd64/go1.22.5',
      latestBlockTimestamp: nowSeconds,
    });
    expect(o.error).toBeUndefined();
    expect(o.problems).toBeUndefined();
    expect(o.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a syncing node', async () => {
    handler = ok({
      eth_syncing: {
        startingBlock: '0x0',
        currentBlock: '0x2a',
        highestBlock: '0x64',
      },
    });
    expect((await probeJsonRpc(endpoint, { timeoutMs: 1000 })).syncing).toBe(
      true,
    );
  });

  it('treats an unsupported net_peerCount as "not reported" (Hardhat)', async () => {
    handler = (method, req, res) =>
      method === 'net_peerCount'
        ? reply(res, {
            jsonrpc: '2.0',
            id: 1,
            error: {
              code: -32004,
              message: 'Method net_peerCount is not supported',
            },
          })
        : ok()(method, req, res);
    const o = await probeJsonRpc(endpoint, { timeoutMs: 1000 });
    expect(o.peerCount).toBeNull();
    expect(o.problems).toBeUndefined();
  });

  it('is unreachable when nothing listens on the port', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));

    expect(
      await probeJsonRpc(`http://127.0.0.1:${port}`, { timeoutMs: 1000 }),
    ).toEqual({
      reachable: false,
      error: 'unreachable: connection refused (ECONNREFUSED)',
    });
  });

  it('reports a connection reset', async () => {
    handler = (_method, req) => req.socket.destroy();
    expect(await probeJsonRpc(endpoint, { timeoutMs: 1000 })).toEqual({
      reachable: false,
      error: 'connection reset by the node before it answered',
    });
  });

  it('times out a node that never answers', async () => {
    handler = () => {};
    const started = Date.now();
    expect(await probeJsonRpc(endpoint, { timeoutMs: 200 })).toEqual({
      reachable: false,
      error: 'timeout: no answer within 200 ms',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports a reply that is not JSON without echoing it', async () => {
    handler = (_m, _req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>502 Bad Gateway</body></html>');
    };
    expect(await probeJsonRpc(endpoint, { timeoutMs: 1000 })).toMatchObject({
      reachable: true,
      error: 'eth_chainId: HTTP 502 reply is not JSON',
    });
  });

  it('does not follow a redirect', async () => {
    let redirected = false;
    handler = (_m, req, res) => {
      if (req.url === '/elsewhere') {
        redirected = true;
        ok()('eth_chainId', req, res);
        return;
      }
      res.writeHead(307, { location: '/elsewhere' });
      res.end();
    };
    expect(await probeJsonRpc(endpoint, { timeoutMs: 1000 })).toMatchObject({
      reachable: true,
      error: 'eth_chainId: HTTP 307 redirect, not followed',
    });
    expect(redirected).toBe(false);
  });

  it('keeps a secret-looking reply out of every reason', async () => {
    const secret = 'AKIAIOSFODNN7EXAMPLE-root:x:0:0';
    handler = (method, req, res) =>
      method === 'eth_blockNumber'
        ? reply(res, {
            jsonrpc: '2.0',
            id: 1,
            error: { code: -32000, message: secret },
          })
        : ok({ net_peerCount: secret, web3_clientVersion: `${secret}\n` })(
            method,
            req,
            res,
          );
    const o = await probeJsonRpc(endpoint, { timeoutMs: 1000 });
    expect(JSON.stringify({ ...o, clientVersion: undefined })).not.toContain(
      'AKIA',
    );
    expect(o.clientVersion).toBe(secret);
  });

  it('reports JSON that is not JSON-RPC', async () => {
    handler = (_m, _req, res) => reply(res, { status: 'ok' });
    expect((await probeJsonRpc(endpoint, { timeoutMs: 1000 })).error).toBe(
      'eth_chainId: HTTP 200 reply is not a JSON-RPC 2.0 response',
    );
  });

  it('reports a JSON-RPC error on an essential call', async () => {
    handler = (method, req, res) =>
      method === 'eth_blockNumber'
        ? reply(res, {
            jsonrpc: '2.0',
            id: 1,
            error: { code: -32000, message: 'header not found' },
          })
        : ok()(method, req, res);
    const o = await probeJsonRpc(endpoint, { timeoutMs: 1000 });
    expect(o).toMatchObject({
      reachable: true,
      chainId: 31337,
      error: 'eth_blockNumber failed with a JSON-RPC error (code -32000)',
    });
    expect(o.blockNumber).toBeUndefined();
  });

  it('reports a quantity that is not hex', async () => {
    handler = ok({ eth_blockNumber: '42' });
    expect((await probeJsonRpc(endpoint, { timeoutMs: 1000 })).error).toBe(
      'eth_blockNumber returned a 2-character string, not a hex quantity',
    );
    handler = ok({ eth_chainId: '0xzz' });
    expect((await probeJsonRpc(endpoint, { timeoutMs: 1000 })).error).toBe(
      'eth_chainId returned a 4-character string, not a hex quantity',
    );
  });

  it('keeps going when an auxiliary call returns garbage', async () => {
    handler = ok({ net_peerCount: 'many', web3_clientVersion: 7 });
    const o = await probeJsonRpc(endpoint, { timeoutMs: 1000 });
    expect(o.error).toBeUndefined();
    expect(o.blockNumber).toBe(42);
    expect(o.problems).toEqual([
      'net_peerCount returned a 4-character string, not a hex quantity',
      'web3_clientVersion returned a number, not a string',
    ]);
  });

  it('reports the wrong chain id as a fact for the rules', async () => {
    handler = ok({ eth_chainId: '0x1' });
    expect((await probeJsonRpc(endpoint, { timeoutMs: 1000 })).chainId).toBe(1);
  });

  it('explains a missing endpoint annotation', async () => {
    expect(await probeJsonRpc(undefined, { timeoutMs: 1000 })).toEqual({
      reachable: false,
      error: 'no RPC endpoint annotation (casino.io/rpc-endpoint)',
    });
  });
});
