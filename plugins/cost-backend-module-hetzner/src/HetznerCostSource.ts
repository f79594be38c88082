import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  HETZNER_PRICES,
  hetznerDailyNet,
  hetznerVolumeDailyNet,
  multiplyMicros,
} from '@internal/pricing';
import { describeExchangeRate } from '@internal/pricing';
import { UNALLOCATED } from '@internal/plugin-cost-common';
import {
  CostImportContext,
  CostRow,
  CostSource,
  CostSourceReport,
  ownerRef,
} from '@internal/plugin-cost-node';
import {
  HetznerApiError,
  HetznerCloudClient,
  HetznerServerTypePrice,
} from '@internal/hetzner-cloud';
import { HetznerCostConfig } from './config';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC) of a time. */
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const SERVER_TYPE = 'hetzner.cloud/server-type';
const LOCATION = 'hetzner.cloud/location';
/** Size of the node's chain data volume in GB, billed beside the server. */
const VOLUME_SIZE = 'hetzner.cloud/volume-size-gb';

/** Net EUR prices by `type` or `type@location`, as decimal strings. */
type PriceList = {
  prices: Record<string, HetznerServerTypePrice>;
  live: boolean;
};

/** The Cost page's words for a failed price read, naming the config key. */
function explainPriceError(error: unknown): unknown {
  if (!(error instanceof HetznerApiError) || error.status === undefined) {
    return error;
  }
  return new Error(
    error.status === 401
      ? 'Hetzner Cloud rejected the token (401); check cost.hetzner.token'
      : `Hetzner Cloud answered ${error.status} for /server_types`,
  );
}

/**
 * Hetzner chain nodes: each chain-node Resource's server type priced from
 * the Hetzner Cloud API (`server_types[].prices`) when a token is
 * configured, else from the dated table of `@internal/pricing`; a full day
 * per day (the monthly cap spread over the month, as the NodePool and chain
 * node estimates count it), the chain data volume included, converted to USD
 * at the configured rate.
 */
export class HetznerCostSource implements CostSource {
  readonly id = 'hetzner';
  private readonly now: () => number;

  constructor(
    private readonly options: {
      settings: HetznerCostConfig;
      logger: LoggerService;
      chainNodes: () => Promise<Entity[]>;
      fetch?: typeof fetch;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  get intervalMinutes(): number {
    return this.options.settings.intervalMinutes;
  }

  report(): CostSourceReport {
    const { token, eurToUsd } = this.options.settings;
    return {
      detail: `${
        token
          ? 'Server type prices from the Hetzner Cloud API'
          : `Server type prices from ${HETZNER_PRICES.id} (no cost.hetzner.token)`
      }, volumes included; EUR converted at ${describeExchangeRate({
        eurToUsd,
        source: 'cost.hetzner.eurToUsd',
      })}`,
    };
  }

  private async priceList(): Promise<PriceList> {
    const { token, baseUrl } = this.options.settings;
    if (!token) {
      return { prices: HETZNER_PRICES.serverTypes, live: false };
    }
    const client = new HetznerCloudClient({
      token,
      baseUrl,
      fetch: this.options.fetch,
    });
    try {
      return { prices: await client.serverTypePrices(), live: true };
    } catch (error) {
      throw explainPriceError(error);
    }
  }

  /**
   * Writes one row per chain node for each of `days` (default today; on the
   * first run also the last `backfillDays`, marked demo when priced from the
   * local table). Returns unpriced server types with counts.
   */
  async import({ sink: store }: Pick<CostImportContext, 'sink'>): Promise<{
    days: string[];
    rows: number;
    unpriced: Record<string, number>;
  }> {
    const { settings } = this.options;
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
      const price = type
        ? list.prices[`${type}@${location}`] ?? list.prices[type]
        : undefined;
      if (!price) {
        unpriced[type ?? '(no server type)'] =
          (unpriced[type ?? '(no server type)'] ?? 0) + 1;
        continue;
      }
      const volumeGb = Number(entity.metadata.annotations?.[VOLUME_SIZE] ?? 0);
      for (const d of days) {
        const eur =
          hetznerDailyNet(price, d) +
          (volumeGb > 0
            ? hetznerVolumeDailyNet(HETZNER_PRICES, volumeGb, d)
            : 0);
        rows.push({
          date: d,
          source: 'hetzner',
          cluster: location ? `hetzner/${location}` : 'hetzner',
          team: ownerRef(entity) ?? UNALLOCATED,
          service: entity.metadata.name,
          amount: multiplyMicros(eur, settings.eurToUsd),
          currency: 'USD',
          demo: !list.live && d !== today,
        });
      }
    }
    await store.replaceDays('hetzner', days, rows);
    return { days, rows: rows.length, unpriced };
  }
}
