import { decimalToMicros, multiplyMicros } from '@internal/pricing';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { UNALLOCATED } from '@internal/plugin-cost-common';
import { CostRow, CostStore } from '../database/CostStore';
import { CostSettings } from '../service/settings';
import { ownerRef } from '../service/CatalogOwners';
import { HETZNER_LOCAL_PRICES } from './hetznerPrices';

const DAY_MS = 86_400_000;
const SERVER_TYPE = 'hetzner.cloud/server-type';
const LOCATION = 'hetzner.cloud/location';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Hourly net EUR price by `type` or `type@location`, as decimal strings. */
type PriceList = { prices: Record<string, string>; live: boolean };

/**
 * Hetzner chain nodes: each chain-node Resource's server type priced from
 * the Hetzner Cloud API (`server_types[].prices`) when a token is
 * configured, else from a dated local table; a full day per day, converted
 * to USD at the configured rate.
 */
export class HetznerCostSource {
  private readonly now: () => number;

  constructor(
    private readonly options: {
      settings: CostSettings['hetzner'];
      store: CostStore;
      logger: LoggerService;
      chainNodes: () => Promise<Entity[]>;
      fetch?: typeof fetch;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  get live(): boolean {
    return Boolean(this.options.settings.token);
  }

  private async priceList(): Promise<PriceList> {
    const { token, baseUrl } = this.options.settings;
    if (!token) {
      return { prices: HETZNER_LOCAL_PRICES.hourlyNet, live: false };
    }
    const doFetch = this.options.fetch ?? fetch;
    const prices: Record<string, string> = {};
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
          prices?: Array<{ location: string; price_hourly?: { net?: string } }>;
        }>;
        meta?: { pagination?: { next_page?: number | null } };
      };
      for (const type of body.server_types ?? []) {
        for (const p of type.prices ?? []) {
          if (p.price_hourly?.net) {
            prices[`${type.name}@${p.location}`] = p.price_hourly.net;
            prices[type.name] ??= p.price_hourly.net;
          }
        }
      }
      page = body.meta?.pagination?.next_page ?? null;
    }
    return { prices, live: true };
  }

  /**
   * Writes one row per chain node for each of `days` (default today; on the
   * first run also the last `backfillDays`, marked demo when priced from the
   * local table). Returns unpriced server types with counts.
   */
  async import(): Promise<{
    days: string[];
    rows: number;
    unpriced: Record<string, number>;
  }> {
    const { store, settings } = this.options;
    const first = !(await store.hasRows('hetzner'));
    const list = await this.priceList();
    const nodes = await this.options.chainNodes();
    const today = day(this.now());
    const days = [today];
    if (first) {
      for (let i = 1; i <= settings.backfillDays; i++)
        days.unshift(day(this.now() - i * DAY_MS));
    }
    const unpriced: Record<string, number> = {};
    const rows: CostRow[] = [];
    for (const entity of nodes) {
      const type = entity.metadata.annotations?.[SERVER_TYPE];
      const location = entity.metadata.annotations?.[LOCATION] ?? '';
      const hourly = type
        ? list.prices[`${type}@${location}`] ?? list.prices[type]
        : undefined;
      if (!hourly) {
        unpriced[type ?? '(no server type)'] =
          (unpriced[type ?? '(no server type)'] ?? 0) + 1;
        continue;
      }
      const perDayUsd = multiplyMicros(
        decimalToMicros(hourly) * 24,
        settings.eurToUsd,
      );
      for (const d of days) {
        rows.push({
          date: d,
          source: 'hetzner',
          cluster: location ? `hetzner/${location}` : 'hetzner',
          team: ownerRef(entity) ?? UNALLOCATED,
          service: entity.metadata.name,
          amount: perDayUsd,
          currency: 'USD',
          demo: !list.live && d !== today,
        });
      }
    }
    await store.replaceDays('hetzner', days, rows);
    return { days, rows: rows.length, unpriced };
  }
}
