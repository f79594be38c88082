import { LoggerService } from '@backstage/backend-plugin-api';

/** Records signed tree head hashes on a chain. */
export interface TreeHeadAnchor {
  /** Sends a transaction carrying `data`; returns where it landed. */
  anchor(data: string): Promise<{ chainId: string; txHash: string }>;
  /** Checks that `txHash` exists on the chain and carries `data`. */
  check(txHash: string, data: string): Promise<{ ok: boolean; reason: string }>;
}

/**
 * Plain JSON-RPC anchoring for EVM dev chains such as Hardhat: an
 * `eth_sendTransaction` from an unlocked account to itself with the anchor
 * hash as data.
 */
export function createJsonRpcAnchor(options: {
  rpcUrl: string;
  from?: string;
  logger?: LoggerService;
  timeoutMs?: number;
}): TreeHeadAnchor {
  const { rpcUrl, timeoutMs = 5000 } = options;
  let id = 0;
  async function call<T>(method: string, params: unknown[]): Promise<T> {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      throw new Error(
        `${method} on ${rpcUrl} answered HTTP ${response.status}`,
      );
    }
    const body = await response.json();
    if (body.error) {
      throw new Error(
        `${method} on ${rpcUrl} failed: ${
          body.error.message ?? JSON.stringify(body.error)
        }`,
      );
    }
    return body.result as T;
  }

  return {
    async anchor(data) {
      const from =
        options.from ?? (await call<string[]>('eth_accounts', []))[0];
      if (!from) {
        throw new Error(
          `chain node ${rpcUrl} has no unlocked account to anchor from`,
        );
      }
      const chainId = String(
        parseInt(await call<string>('eth_chainId', []), 16),
      );
      const txHash = await call<string>('eth_sendTransaction', [
        { from, to: from, value: '0x0', data },
      ]);
      return { chainId, txHash };
    },
    async check(txHash, data) {
      const tx = await call<{
        input?: string;
        data?: string;
        blockNumber?: string;
      } | null>('eth_getTransactionByHash', [txHash]);
      if (!tx) {
        return {
          ok: false,
          reason: `transaction ${txHash} is not on the chain at ${rpcUrl}`,
        };
      }
      const input = (tx.input ?? tx.data ?? '').toLowerCase();
      if (input !== data.toLowerCase()) {
        return {
          ok: false,
          reason: `transaction ${txHash} carries ${input}, expected ${data}`,
        };
      }
      return {
        ok: true,
        reason: `anchored in transaction ${txHash}${
          tx.blockNumber
            ? ` (block ${parseInt(tx.blockNumber, 16)})`
            : ' (pending)'
        }`,
      };
    },
  };
}
