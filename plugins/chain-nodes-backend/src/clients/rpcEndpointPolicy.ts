import { BlockList, isIP } from 'node:net';

/** Decides whether the poller may send a request to an RPC endpoint. */
export interface RpcEndpointPolicy {
  /** Undefined when allowed, otherwise why not (safe to show users). */
  refusal(endpoint: string): string | undefined;
}

/** Loopback only: the local default's Hardhat nodes. */
export const DEFAULT_ALLOWED_RPC_HOSTS = ['127.0.0.1', '::1', 'localhost'];

/**
 * The `casino.io/rpc-endpoint` annotation is catalog data anyone who can
 * register a file can set; without this list the poller would send requests
 * to any address (SSRF, port scanning). Entries are a host name or IP
 * (`10.100.1.5`, `node-1.internal`), optionally with a port
 * (`127.0.0.1:8545`), a domain's subdomains (`.chains.internal`), or an IP
 * range in CIDR notation (`10.100.0.0/16`).
 * Host names match literally; a CIDR range only matches IP literals, so DNS
 * answers cannot widen it.
 */
export function createRpcEndpointPolicy(
  allowedHosts: string[],
): RpcEndpointPolicy {
  const ranges = new BlockList();
  const hosts: Array<{ host: string; port?: string }> = [];
  const domains: string[] = [];
  for (const raw of allowedHosts) {
    const entry = raw.trim().toLocaleLowerCase('en-US');
    const cidr = entry.match(/^([0-9a-f.:]+)\/(\d{1,3})$/);
    if (cidr && isIP(cidr[1])) {
      ranges.addSubnet(
        cidr[1],
        Number(cidr[2]),
        isIP(cidr[1]) === 6 ? 'ipv6' : 'ipv4',
      );
      continue;
    }
    if (/^\.[a-z0-9.-]+[a-z0-9]$/.test(entry)) {
      domains.push(entry);
      continue;
    }
    if (isIP(entry) === 6) {
      hosts.push({ host: entry });
      continue;
    }
    const withPort = entry.match(/^(\[[0-9a-f:]+\]|[^:/]+)(?::(\d{1,5}))?$/);
    if (!withPort) {
      throw new Error(
        `chainNodes.allowedRpcHosts entry '${raw}' is not a host, host:port, .domain or CIDR range`,
      );
    }
    hosts.push({
      host: withPort[1].replace(/^\[|\]$/g, ''),
      port: withPort[2],
    });
  }

  return {
    refusal(endpoint) {
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        return 'RPC endpoint is not a URL';
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return `RPC endpoint scheme '${url.protocol}' is not http or https`;
      }
      if (url.username || url.password) {
        return 'RPC endpoint carries credentials in the URL';
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      const family = isIP(host);
      if (
        hosts.some(h => h.host === host && (!h.port || h.port === port)) ||
        (family === 0 && domains.some(d => host.endsWith(d))) ||
        (family !== 0 && ranges.check(host, family === 6 ? 'ipv6' : 'ipv4'))
      ) {
        return undefined;
      }
      return `RPC endpoint host '${host}' is not in chainNodes.allowedRpcHosts`;
    },
  };
}
