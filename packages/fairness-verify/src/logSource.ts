import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the monitor reads a log: the portal's tlog-tiles API (a base URL such
 * as `https://portal.example/api/fairness`) or a mirror directory laid out
 * the same way. Missing resources resolve to undefined; anything else that
 * stops a read throws, and the monitor concludes nothing from that run.
 */
export type LogSource = {
  /** What to call it in reports. */
  name: string;
  /** `checkpoint`, `tile/0/x001/234.p/7`, `tile/entries/000`. */
  read(resource: string): Promise<Uint8Array | undefined>;
  /** The revealed server seed for a commitment; null while it is not revealed (or unknown here). */
  serverSeed(serverSeedHash: string): Promise<string | null>;
};

/** Resource paths are built by tilePath and hex hashes only; refuse anything else. */
function checkResource(resource: string) {
  if (!/^(checkpoint|tile\/[a-z0-9./]+|seeds\/[0-9a-f]{64})$/.test(resource)) {
    throw new Error(`not a log resource: ${resource}`);
  }
}

/**
 * The portal over HTTP. `token` is sent as a Bearer token: entry bundles need
 * `fairness.entries.read` (auditors, mirror tokens), revealed seeds an
 * auditor's token.
 */
export function httpLogSource(baseUrl: string, token?: string): LogSource {
  const base = baseUrl.replace(/\/+$/, '');
  const get = async (resource: string) => {
    checkResource(resource);
    const response = await fetch(`${base}/${resource}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new Error(
        `GET ${base}/${resource} answered ${response.status} ${response.statusText}`,
      );
    }
    return new Uint8Array(await response.arrayBuffer());
  };
  return {
    name: base,
    read: get,
    async serverSeed(serverSeedHash) {
      const body = await get(`seeds/${serverSeedHash}`);
      if (!body) return null;
      const seed = JSON.parse(Buffer.from(body).toString('utf8')).serverSeed;
      return typeof seed === 'string' ? seed : null;
    },
  };
}

/**
 * A mirror directory: `checkpoint`, `tile/...` as in tlog-tiles, and
 * revealed seeds as `seeds/<serverSeedHash>` files holding the JSON the
 * portal's `GET /seeds/<serverSeedHash>` returns.
 */
export function dirLogSource(dir: string): LogSource {
  const get = async (resource: string) => {
    checkResource(resource);
    const file = path.join(dir, ...resource.split('/'));
    try {
      return new Uint8Array(await fs.promises.readFile(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  return {
    name: dir,
    read: get,
    async serverSeed(serverSeedHash) {
      const body = await get(`seeds/${serverSeedHash}`);
      if (!body) return null;
      const seed = JSON.parse(Buffer.from(body).toString('utf8')).serverSeed;
      return typeof seed === 'string' ? seed : null;
    },
  };
}

/** A URL when it starts with http(s)://, else a directory. */
export function logSource(where: string, token?: string): LogSource {
  return /^https?:\/\//.test(where)
    ? httpLogSource(where, token)
    : dirLogSource(where);
}
