/** The fields of a Hetzner Cloud server that the plugin uses. */
export interface HetznerServer {
  id: number;
  name: string;
  /** running, initializing, starting, stopping, off, deleting, migrating, rebuilding, unknown */
  status: string;
  serverType: string;
  datacenter: string;
  location: string;
  labels: Record<string, string>;
  publicIpv4?: string;
}

/** Rate-limit headers of the last response (`RateLimit-*`). */
export interface HetznerRateLimit {
  limit: number;
  remaining: number;
  /** Unix milliseconds when the budget is full again. */
  resetAt: number;
}

/** A Hetzner API call that failed; `message` is written for on-call. */
export class HetznerApiError extends Error {
  name = 'HetznerApiError';
  constructor(
    message: string,
    readonly status?: number,
    /** Unix milliseconds before which another call would be rejected. */
    readonly retryAt?: number,
  ) {
    super(message);
  }
}

const MAX_PAGES = 100;

function readRateLimit(headers: Headers): HetznerRateLimit | undefined {
  const limit = Number(headers.get('RateLimit-Limit'));
  const remaining = Number(headers.get('RateLimit-Remaining'));
  const reset = Number(headers.get('RateLimit-Reset'));
  if (!headers.has('RateLimit-Remaining') || Number.isNaN(remaining)) {
    return undefined;
  }
  return {
    limit,
    remaining,
    resetAt:
      Number.isFinite(reset) && reset > 0 ? reset * 1000 : Date.now() + 60_000,
  };
}

/**
 * Minimal Hetzner Cloud API client: lists the chain-node servers
 * (`GET /servers?label_selector=…`, all pages) and honours the API's
 * rate limit (`RateLimit-Limit`, `-Remaining`, `-Reset`).
 */
export class HetznerClient {
  #lastRateLimit?: HetznerRateLimit;

  constructor(
    private readonly options: {
      baseUrl: string;
      token: string;
      labelSelector: string;
      timeoutMs?: number;
    },
  ) {}

  /** Rate limit reported by the last response, if any. */
  get rateLimit(): HetznerRateLimit | undefined {
    return this.#lastRateLimit;
  }

  async listServers(): Promise<HetznerServer[]> {
    const servers: HetznerServer[] = [];
    let page: number | null = 1;
    for (let i = 0; page !== null && i < MAX_PAGES; i++) {
      const body: any = await this.#get('/servers', {
        label_selector: this.options.labelSelector,
        page: String(page),
        per_page: '50',
      });
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
      page = body.meta?.pagination?.next_page ?? null;
    }
    return servers;
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
    let response: Response;
    try {
      response = await fetch(url, {
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
