import {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { KubeObject } from '@internal/plugin-node-mix-common';
// An ES module; Node 22 loads it with require() in the built CommonJS.
import { KubeConfig } from '@kubernetes/client-node';
import fetch, { RequestInit as FetchInit, Response } from 'node-fetch';
import { ClusterCredentialProvider } from './credentials';

/** One line of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

/** An object's `metadata.resourceVersion` (not in the aggregation's KubeObject type). */
export function resourceVersionOf(o: KubeObject | undefined): unknown {
  return (o?.metadata as { resourceVersion?: unknown } | undefined)
    ?.resourceVersion;
}

/** Why reading a cluster failed, in words on-call can act on. */
export class ClusterReadError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ClusterReadError';
  }
}

function userFor(credential: KubernetesCredential) {
  if (credential.type === 'bearer token') {
    return { name: 'backstage', token: credential.token };
  }
  if (credential.type === 'x509 client certificate') {
    return {
      name: 'backstage',
      certData: credential.cert,
      keyData: credential.key,
    };
  }
  return { name: 'backstage' };
}

/** Options of {@link KubernetesClient}. */
export interface KubernetesClientOptions {
  cluster: ClusterDetails;
  credential: KubernetesCredential;
  timeoutMs: number;
  pageSize: number;
}

/**
 * Lists objects from one cluster's API with `limit`/`continue` paging. The
 * connection (server, CA, TLS verification, credentials) is set up by
 * @kubernetes/client-node's KubeConfig exactly as for kubectl; bodies are
 * parsed as plain JSON rather than through the client's typed models, which
 * would cost more than the whole aggregation at 100,000 pods.
 */
export class KubernetesClient {
  private init?: Promise<{ base: string; request: FetchInit }>;

  constructor(private readonly options: KubernetesClientOptions) {}

  /** A client for one cluster with the Kubernetes backend's credential for it. */
  static async connect(
    options: Omit<KubernetesClientOptions, 'credential'> & {
      credentials: ClusterCredentialProvider;
    },
  ): Promise<KubernetesClient> {
    const { credentials, ...rest } = options;
    let credential: KubernetesCredential;
    try {
      credential = await credentials.getCredential(rest.cluster);
    } catch (e) {
      throw new ClusterReadError(
        `Could not get credentials for cluster '${rest.cluster.name}': ${
          (e as Error).message
        }`,
      );
    }
    return new KubernetesClient({ ...rest, credential });
  }

  private async connection() {
    this.init ??= (async () => {
      const { cluster, credential } = this.options;
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [
          {
            name: cluster.name,
            server: cluster.url,
            skipTLSVerify: cluster.skipTLSVerify,
            caData: cluster.caData,
            caFile: cluster.caFile,
          },
        ],
        users: [userFor(credential)],
        contexts: [
          { name: cluster.name, cluster: cluster.name, user: 'backstage' },
        ],
        currentContext: cluster.name,
      });
      let request: any;
      try {
        request = await kc.applyToFetchOptions({});
      } catch (e) {
        throw new ClusterReadError(
          `Invalid connection settings for cluster '${cluster.name}': ${
            (e as Error).message
          }`,
        );
      }
      const headers: Record<string, string> = { Accept: 'application/json' };
      request.headers?.forEach?.((v: string, k: string) => {
        headers[k] = v;
      });
      return {
        base: cluster.url.replace(/\/+$/, ''),
        request: { agent: request.agent, headers } as FetchInit,
      };
    })();
    return this.init;
  }

  private async get(path: string): Promise<Response> {
    const { base, request } = await this.connection();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      return await fetch(`${base}${path}`, {
        ...request,
        signal: controller.signal as any,
      });
    } catch (e) {
      const err = e as Error & { code?: string; type?: string };
      if (err.name === 'AbortError' || err.type === 'aborted') {
        throw new ClusterReadError(
          `Timed out after ${
            this.options.timeoutMs / 1000
          } s waiting for ${path}`,
        );
      }
      throw new ClusterReadError(
        `Cannot reach ${base}: ${err.code ?? err.message}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private async failure(
    res: Response,
    path: string,
  ): Promise<ClusterReadError> {
    let detail = '';
    try {
      const body = JSON.parse(await res.text());
      detail = typeof body?.message === 'string' ? body.message : '';
    } catch {
      // not a Status object
    }
    if (res.status === 401) {
      return new ClusterReadError(
        `The cluster rejected the portal's credentials (401 Unauthorized) for ${path}; check the service account token`,
        401,
      );
    }
    if (res.status === 403) {
      return new ClusterReadError(
        `The portal's service account may not read ${path} (403 Forbidden)${
          detail ? `: ${detail}` : ''
        }; grant it list on this resource`,
        403,
      );
    }
    return new ClusterReadError(
      `${path} answered ${res.status} ${res.statusText}${
        detail ? `: ${detail}` : ''
      }`,
      res.status,
    );
  }

  /** The API server's /version answer. */
  async version(): Promise<{ gitVersion?: string }> {
    const res = await this.get('/version');
    if (!res.ok) {
      throw await this.failure(res, '/version');
    }
    return (await res.json()) as { gitVersion?: string };
  }

  /**
   * Lists every object at `path`, page by page, handing each page to
   * `onPage` while the next one is on its way. A 410 (the snapshot behind a
   * `continue` token expired) fails with status 410 so the caller can start
   * over with fresh state.
   */
  async list(
    path: string,
    onPage: (items: KubeObject[]) => void,
    query: Record<string, string> = {},
  ): Promise<number> {
    return (await this.listVersioned(path, onPage, query)).count;
  }

  /**
   * {@link KubernetesClient.list}, also giving the list's resourceVersion: the
   * point a watch continues from.
   */
  async listVersioned(
    path: string,
    onPage: (items: KubeObject[]) => void,
    query: Record<string, string> = {},
  ): Promise<{ count: number; resourceVersion: string }> {
    const pageUrl = (token?: string) => {
      const params = new URLSearchParams({
        ...query,
        limit: String(this.options.pageSize),
      });
      if (token) {
        params.set('continue', token);
      }
      return `${path}?${params}`;
    };
    const fetchPage = async (url: string) => {
      const res = await this.get(url);
      if (!res.ok) {
        throw await this.failure(res, path);
      }
      let body: any;
      try {
        body = JSON.parse(await res.text());
      } catch (e) {
        throw new ClusterReadError(
          `${path} did not answer JSON: ${(e as Error).message}`,
        );
      }
      if (!body || !Array.isArray(body.items)) {
        throw new ClusterReadError(`${path} did not answer a list (no items)`);
      }
      return body as {
        items: KubeObject[];
        metadata?: { continue?: string; resourceVersion?: string };
      };
    };
    let count = 0;
    let page = await fetchPage(pageUrl());
    // every page of a list comes from the first page's snapshot
    const resourceVersion = page.metadata?.resourceVersion ?? '';
    for (;;) {
      const token = page.metadata?.continue;
      const next = token ? fetchPage(pageUrl(token)) : undefined;
      // keep an unhandled rejection from escaping while this page is processed
      next?.catch(() => {});
      count += page.items.length;
      onPage(page.items);
      if (!next) {
        return { count, resourceVersion };
      }
      page = await next;
    }
  }

  /**
   * Watches `path` from `resourceVersion` (with bookmarks) until the server
   * ends the stream after `timeoutSeconds`, `signal` aborts, or the
   * connection fails. Each event goes to `onEvent` as it arrives. An
   * `ERROR` event fails with its Status code: 410 (`Expired`) means the
   * version is too old to resume from, and the caller must list again.
   */
  async watch(
    path: string,
    options: {
      resourceVersion: string;
      query?: Record<string, string>;
      timeoutSeconds: number;
      signal?: AbortSignal;
      onEvent: (event: WatchEvent) => void;
    },
  ): Promise<void> {
    const { base, request } = await this.connection();
    if (options.signal?.aborted) {
      // node-fetch would wait for an answer to a request aborted before it was made
      return;
    }
    const params = new URLSearchParams({
      ...options.query,
      watch: '1',
      allowWatchBookmarks: 'true',
      resourceVersion: options.resourceVersion,
      timeoutSeconds: String(options.timeoutSeconds),
    });
    const url = `${path}?${params}`;
    const controller = new AbortController();
    const abort = () => controller.abort();
    options.signal?.addEventListener('abort', abort);
    // the server ends the watch; this only catches one that never does
    const guard = setTimeout(
      abort,
      options.timeoutSeconds * 1000 + this.options.timeoutMs,
    );
    try {
      let res: Response;
      try {
        res = await fetch(`${base}${url}`, {
          ...request,
          signal: controller.signal as any,
        });
      } catch (e) {
        const err = e as Error & { code?: string };
        throw new ClusterReadError(
          `Cannot watch ${path} on ${base}: ${err.code ?? err.message}`,
        );
      }
      if (!res.ok) {
        throw await this.failure(res, path);
      }
      // ends the stream on abort whatever state the response is in
      const body = res.body as unknown as AsyncIterable<Buffer> & {
        destroy(): void;
      };
      const destroy = () => body.destroy();
      controller.signal.addEventListener('abort', destroy);
      if (controller.signal.aborted) destroy();
      let buffer = '';
      try {
        for await (const chunk of body) {
          buffer += chunk.toString('utf8');
          const lines = buffer.split('\n');
          // the last piece is an incomplete line (or empty)
          buffer = lines.pop()!;
          for (const line of lines) {
            if (line.trim()) {
              this.watchEvent(path, line, options.onEvent);
            }
          }
        }
      } catch (e) {
        if (e instanceof ClusterReadError) throw e;
        if (options.signal?.aborted) return;
        throw new ClusterReadError(
          `The watch of ${path} broke off: ${(e as Error).message}`,
        );
      }
    } finally {
      clearTimeout(guard);
      options.signal?.removeEventListener('abort', abort);
    }
  }

  private watchEvent(
    path: string,
    line: string,
    onEvent: (event: WatchEvent) => void,
  ) {
    let event: WatchEvent;
    try {
      event = JSON.parse(line);
    } catch (e) {
      throw new ClusterReadError(
        `The watch of ${path} sent a line that is not JSON: ${
          (e as Error).message
        }`,
      );
    }
    if (event?.type === 'ERROR') {
      const status = event.object as { code?: number; message?: string };
      throw new ClusterReadError(
        `The watch of ${path} ended with ${status?.code ?? 'an error'}${
          status?.message ? `: ${status.message}` : ''
        }`,
        typeof status?.code === 'number' ? status.code : 500,
      );
    }
    if (
      !['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK'].includes(event?.type) ||
      typeof resourceVersionOf(event.object) !== 'string'
    ) {
      throw new ClusterReadError(
        `The watch of ${path} sent an event without type or resourceVersion`,
      );
    }
    onEvent(event);
  }
}
