import { HetznerApiError } from './HetznerApiError';
import { HetznerRateLimit, readRateLimit } from './rateLimit';
import { HetznerServer, HetznerServerTypePrice } from './types';

/** How to reach the Hetzner Cloud API. */
export interface HetznerCloudClientOptions {
  /** e.g. `https://api.hetzner.cloud/v1` */
  baseUrl: string;
  /** An API token of the project (read access is enough). */
  token: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Replaces the global `fetch` (tests). */
  fetch?: typeof fetch;
}

/** A guard against a pagination that never ends. */
const MAX_PAGES = 100;
const PER_PAGE = '50';

/**
 * The Hetzner Cloud API client of the portal: servers by label selector
 * (`GET /servers`) and server-type prices (`GET /server_types`), each over
 * every page, honouring the API's rate limit (`RateLimit-Limit`,
 * `-Remaining`, `-Reset`) and failing with a {@link HetznerApiError}.
 */
export class HetznerCloudClient {
  #lastRateLimit?: HetznerRateLimit;

  constructor(private readonly options: HetznerCloudClientOptions) {}

  /** Rate limit reported by the last response, if any. */
  get rateLimit(): HetznerRateLimit | undefined {
    return this.#lastRateLimit;
  }

  /** The servers matching `labelSelector` (e.g. `role==chain-node`). */
  async listServers(options: {
    labelSelector: string;
  }): Promise<HetznerServer[]> {
    const servers: HetznerServer[] = [];
    for await (const body of this.#pages('/servers', {
      label_selector: options.labelSelector,
    })) {
      if (!Array.isArray(body?.servers)) {
        throw new HetznerApiError('Hetzner API reply has no servers list');
      }
      for (const s of body.servers) {
        servers.push({
          id: s.id,
          name: s.name,
          status: s.status,
          serverType: s.server_type?.name,
          datacenter: s.datacenter?.name,
          location: s.location?.name ?? s.datacenter?.location?.name,
          labels: s.labels ?? {},
          publicIpv4: s.public_net?.ipv4?.ip ?? undefined,
        });
      }
    }
    return servers;
  }

  /**
   * Every server type's prices by `type@location`, and by `type` alone (the
   * first location listed).
   */
  async serverTypePrices(): Promise<Record<string, HetznerServerTypePrice>> {
    const prices: Record<string, HetznerServerTypePrice> = {};
    for await (const body of this.#pages('/server_types', {})) {
      for (const type of body?.server_types ?? []) {
        for (const p of type.prices ?? []) {
          if (p.price_hourly?.net) {
            const price = {
              hourlyNet: p.price_hourly.net,
              monthlyNet: p.price_monthly?.net,
            };
            prices[`${type.name}@${p.location}`] = price;
            prices[type.name] ??= price;
          }
        }
      }
    }
    return prices;
  }

  /** Each page's body, following `meta.pagination.next_page`. */
  async *#pages(
    path: string,
    query: Record<string, string>,
  ): AsyncGenerator<any> {
    let page: number | null = 1;
    for (let i = 0; page !== null && i < MAX_PAGES; i++) {
      const body: any = await this.#get(path, {
        ...query,
        page: String(page),
        per_page: PER_PAGE,
      });
      yield body;
      page = body.meta?.pagination?.next_page ?? null;
    }
  }

  async #get(path: string, query: Record<string, string>): Promise<unknown> {
    const now = Date.now();
    const rl = this.#lastRateLimit;
    if (rl && rl.remaining <= 0 && rl.resetAt > now) {
      throw new HetznerApiError(
        `Hetzner API rate limit used up (${
          rl.limit
        } requests); waiting until ${new Date(rl.resetAt).toISOString()}`,
        429,
        rl.resetAt,
      );
    }

    const url = `${this.options.baseUrl.replace(
      /\/$/,
      '',
    )}${path}?${new URLSearchParams(query)}`;
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { authorization: `Bearer ${this.options.token}` },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const e = error as Error & { cause?: Error };
      throw new HetznerApiError(
        `Hetzner API unreachable: ${
          e.name === 'TimeoutError' ? 'timeout' : e.cause?.message ?? e.message
        }`,
      );
    }
    this.#lastRateLimit =
      readRateLimit(response.headers) ?? this.#lastRateLimit;

    const text = await response.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.ok && body !== undefined) {
      return body;
    }

    const apiMessage = body?.error
      ? `${body.error.code}: ${body.error.message}`
      : `${response.statusText || 'no JSON body'}`;
    if (response.status === 401 || response.status === 403) {
      throw new HetznerApiError(
        `Hetzner API rejected the token (${response.status} ${apiMessage})`,
        response.status,
      );
    }
    if (response.status === 429) {
      const resetAt = this.#lastRateLimit?.resetAt ?? Date.now() + 60_000;
      throw new HetznerApiError(
        `Hetzner API rate limit exceeded (429 ${apiMessage}); retrying after ${new Date(
          resetAt,
        ).toISOString()}`,
        429,
        resetAt,
      );
    }
    if (response.ok) {
      throw new HetznerApiError(
        `Hetzner API reply is not JSON (HTTP ${response.status})`,
        response.status,
      );
    }
    throw new HetznerApiError(
      `Hetzner API error (${response.status} ${apiMessage})`,
      response.status,
    );
  }
}
