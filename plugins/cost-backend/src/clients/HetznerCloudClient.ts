/** A server type's net EUR prices as decimal strings. */
export type HetznerServerTypePrice = { hourlyNet: string; monthlyNet?: string };

/** The Hetzner Cloud API (`server_types`), with a read token. */
export class HetznerCloudClient {
  constructor(
    private readonly options: {
      token: string;
      baseUrl: string;
      fetch?: typeof fetch;
    },
  ) {}

  /**
   * Every server type's prices by `type@location`, and by `type` alone (the
   * first location listed), over every page.
   */
  async serverTypePrices(): Promise<Record<string, HetznerServerTypePrice>> {
    const { token, baseUrl } = this.options;
    const doFetch = this.options.fetch ?? fetch;
    const prices: Record<string, HetznerServerTypePrice> = {};
    for (let page: number | null = 1; page; ) {
      const res = await doFetch(
        `${baseUrl}/server_types?per_page=50&page=${page}`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      if (!res.ok) {
        throw new Error(
          res.status === 401
            ? 'Hetzner Cloud rejected the token (401); check cost.hetzner.token'
            : `Hetzner Cloud answered ${res.status} for /server_types`,
        );
      }
      const body = (await res.json()) as {
        server_types?: Array<{
          name: string;
          prices?: Array<{
            location: string;
            price_hourly?: { net?: string };
            price_monthly?: { net?: string };
          }>;
        }>;
        meta?: { pagination?: { next_page?: number | null } };
      };
      for (const type of body.server_types ?? []) {
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
      page = body.meta?.pagination?.next_page ?? null;
    }
    return prices;
  }
}
