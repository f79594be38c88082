import { ProbeObservation } from '@internal/plugin-chain-nodes-common';

/** A failure talking to the node; `transport` failures mean "unreachable". */
class RpcFailure extends Error {
  constructor(
    message: string,
    readonly transport: boolean,
    readonly code?: number,
  ) {
    super(message);
  }
}

const METHOD_NOT_SUPPORTED_CODES = new Set([-32601, -32004]);

function describeTransportError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: any };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return `timeout: no answer within ${timeoutMs} ms`;
  }
  const cause = e?.cause;
  const code: string | undefined = cause?.code ?? (e as any)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'unreachable: connection refused (ECONNREFUSED)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'connection reset by the node before it answered';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `unreachable: host not found (${code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `unreachable: no route to host (${code})`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timeout: no answer within ${timeoutMs} ms`;
    default:
      return `unreachable: ${cause?.message ?? e?.message ?? String(error)}`;
  }
}

/**
 * How a reply value is described in a reason. Replies are never echoed: an
 * endpoint is only a catalog annotation, and its bodies are not for users.
 */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a ${value.length}-character string`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Printable ASCII only, at most 80 characters (shown in the fleet table). */
function summariseClientVersion(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '').trim();
  return printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
}

/** Parses an Ethereum hex QUANTITY ("0x1a"); throws a worded failure otherwise. */
export function parseHexQuantity(method: string, value: unknown): number {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(value)) {
    throw new RpcFailure(
      `${method} returned ${describeValue(value)}, not a hex quantity`,
      false,
    );
  }
  const n = Number.parseInt(value, 16);
  if (!Number.isSafeInteger(n)) {
    throw new RpcFailure(`${method} returned a number too large`, false);
  }
  return n;
}

async function call(
  endpoint: string,
  method: string,
  params: unknown[],
  timeoutMs: number,
): Promise<{ result: unknown; latencyMs: number }> {
  const started = performance.now();
  let response: Response;
  let text: string;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
      // A redirect could lead anywhere; the allow-list applies to the
      // annotated URL only.
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    throw new RpcFailure(describeTransportError(error, timeoutMs), true);
  }
  const latencyMs = performance.now() - started;
  if (response.status >= 300 && response.status < 400) {
    throw new RpcFailure(
      `${method}: HTTP ${response.status} redirect, not followed`,
      false,
    );
  }

  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RpcFailure(
      `${method}: HTTP ${response.status} reply is not JSON`,
      false,
    );
  }
  if (!body || typeof body !== 'object' || body.jsonrpc !== '2.0') {
    throw new RpcFailure(
      `${method}: HTTP ${response.status} reply is not a JSON-RPC 2.0 response`,
      false,
    );
  }
  if (body.error) {
    const code =
      typeof body.error.code === 'number' ? body.error.code : undefined;
    throw new RpcFailure(
      `${method} failed with a JSON-RPC error${
        code !== undefined ? ` (code ${code})` : ''
      }`,
      false,
      code,
    );
  }
  if (!('result' in body)) {
    throw new RpcFailure(
      `${method}: JSON-RPC reply has neither result nor error`,
      false,
    );
  }
  return { result: body.result, latencyMs };
}

/**
 * Probes one Ethereum JSON-RPC endpoint. Never throws: every failure becomes
 * part of the observation, in words.
 *
 * eth_chainId goes first and alone: if it does not get through, the node is
 * unreachable and nothing else is asked. The remaining calls run in parallel;
 * eth_blockNumber is essential, the others only add problems when they fail.
 */
export async function probeJsonRpc(
  endpoint: string | undefined,
  options: { timeoutMs: number },
): Promise<ProbeObservation> {
  if (!endpoint) {
    return {
      reachable: false,
      error: 'no RPC endpoint annotation (casino.io/rpc-endpoint)',
    };
  }
  const { timeoutMs } = options;
  let latencyMs = 0;
  const timed = async (method: string, params: unknown[] = []) => {
    const r = await call(endpoint, method, params, timeoutMs);
    latencyMs = Math.max(latencyMs, r.latencyMs);
    return r.result;
  };

  let chainId: number;
  try {
    chainId = parseHexQuantity('eth_chainId', await timed('eth_chainId'));
  } catch (error) {
    const failure = error as RpcFailure;
    return failure.transport
      ? { reachable: false, error: failure.message }
      : { reachable: true, error: failure.message, latencyMs };
  }

  const [blockNumber, syncing, peerCount, clientVersion, latestBlock] =
    await Promise.allSettled([
      timed('eth_blockNumber').then(v =>
        parseHexQuantity('eth_blockNumber', v),
      ),
      timed('eth_syncing').then(v => {
        if (v === false) return false;
        if (v && typeof v === 'object') return true;
        throw new RpcFailure(
          `eth_syncing returned ${describeValue(
            v,
          )}, expected false or an object`,
          false,
        );
      }),
      timed('net_peerCount').then(
        v => parseHexQuantity('net_peerCount', v),
        (e: RpcFailure) => {
          if (e.code !== undefined && METHOD_NOT_SUPPORTED_CODES.has(e.code)) {
            return null;
          }
          throw e;
        },
      ),
      timed('web3_clientVersion').then(v => {
        if (typeof v !== 'string') {
          throw new RpcFailure(
            `web3_clientVersion returned ${describeValue(v)}, not a string`,
            false,
          );
        }
        return summariseClientVersion(v);
      }),
      timed('eth_getBlockByNumber', ['latest', false]).then(v => {
        if (!v || typeof v !== 'object') {
          throw new RpcFailure(
            'eth_getBlockByNumber returned no latest block',
            false,
          );
        }
        return parseHexQuantity('latest block timestamp', (v as any).timestamp);
      }),
    ]);

  const observation: ProbeObservation = { reachable: true, chainId, latencyMs };
  const problems: string[] = [];
  const reasonOf = (r: PromiseRejectedResult) =>
    r.reason instanceof Error ? r.reason.message : String(r.reason);

  if (blockNumber.status === 'fulfilled') {
    observation.blockNumber = blockNumber.value;
  } else {
    observation.error = reasonOf(blockNumber);
  }
  if (syncing.status === 'fulfilled') observation.syncing = syncing.value;
  else problems.push(reasonOf(syncing));
  if (peerCount.status === 'fulfilled') observation.peerCount = peerCount.value;
  else problems.push(reasonOf(peerCount));
  if (clientVersion.status === 'fulfilled') {
    observation.clientVersion = clientVersion.value;
  } else {
    problems.push(reasonOf(clientVersion));
  }
  if (latestBlock.status === 'fulfilled') {
    observation.latestBlockTimestamp = latestBlock.value;
  } else {
    problems.push(reasonOf(latestBlock));
  }
  if (problems.length) observation.problems = problems;
  observation.latencyMs = Math.round(latencyMs);
  return observation;
}
