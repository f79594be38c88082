import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EC2_SIZES,
  LivePrices,
  NodeOverlayPrice,
  PriceTable,
} from '@internal/pricing';
import { AwsPriceListClient } from '../clients/AwsPriceListClient';
import { AwsSpotPriceClient } from '../clients/AwsSpotPriceClient';
import { PriceStore } from '../database/PriceStore';
import { KubernetesClient } from '../clients/KubernetesClient';
import { readNodeOverlays } from './nodeOverlays';
import { PriceSettings } from '../config';

/**
 * Node prices with their source: the shipped table of `@internal/pricing`
 * (offline fallback), the prices read from AWS and cached in the database
 * (`refreshFromAws`, scheduled once across replicas; `load` on each
 * replica), each cluster's NodeOverlays and the configured discounts.
 */
export class PriceBook {
  private live?: LivePrices;
  private readonly overlays = new Map<string, NodeOverlayPrice[]>();

  constructor(
    private readonly options: {
      /** The shipped table with the configured overrides. */
      shipped: PriceTable;
      settings: PriceSettings;
      store: PriceStore;
      logger: LoggerService;
      priceList?: AwsPriceListClient;
      spot?: AwsSpotPriceClient;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Reads on-demand and spot prices of every configured region from AWS into the cache. */
  async refreshFromAws(): Promise<void> {
    const { settings, store, logger, priceList, spot } = this.options;
    if (!settings.aws.enabled || !priceList || !spot) {
      return;
    }
    const spotTypes = settings.aws.spotInstanceFamilies.flatMap(f =>
      EC2_SIZES.map(s => `${f}.${s}`),
    );
    for (const region of settings.aws.regions) {
      const at = new Date(this.now());
      try {
        const list = await priceList.onDemandPrices(region);
        if (list.prices.size === 0) {
          throw new Error(
            `the AWS Price List has no EC2 Linux prices for region '${region}'`,
          );
        }
        await store.replacePrices(
          'on-demand',
          region,
          [...list.prices].map(([instanceType, usdPerHour]) => ({
            zone: '',
            instanceType,
            usdPerHour,
          })),
          at,
        );
        logger.info(
          `Read ${list.prices.size} on-demand prices for ${region} from the AWS Price List (${list.pages} pages)`,
        );
      } catch (e) {
        const message = (e as Error).message;
        logger.warn(`On-demand prices for ${region} not refreshed: ${message}`);
        await store.recordFailure('on-demand', region, at, message);
      }
      try {
        // Types a region does not sell are left out by EC2, not refused.
        const list = await spot.spotPrices(region, spotTypes);
        const rows = [...list.prices].flatMap(([zone, types]) =>
          [...types].map(([instanceType, usdPerHour]) => ({
            zone,
            instanceType,
            usdPerHour,
          })),
        );
        if (rows.length === 0) {
          throw new Error(
            `EC2 has no spot price history for region '${region}' and families ${settings.aws.spotInstanceFamilies.join(
              ', ',
            )}`,
          );
        }
        await store.replacePrices('spot', region, rows, at);
        logger.info(
          `Read ${rows.length} spot prices for ${region} from EC2 spot price history (${list.pages} pages)`,
        );
      } catch (e) {
        const message = (e as Error).message;
        logger.warn(`Spot prices for ${region} not refreshed: ${message}`);
        await store.recordFailure('spot', region, at, message);
      }
    }
    await this.load();
  }

  /** Loads the cached prices (another replica may have read them). */
  async load(): Promise<void> {
    const { settings, store } = this.options;
    if (!settings.aws.enabled) {
      this.live = undefined;
      return;
    }
    const [prices, states] = await Promise.all([
      store.listPrices(),
      store.listRefreshStates(),
    ]);
    const live: LivePrices = { onDemand: {}, spot: {}, problems: {} };
    for (const p of prices) {
      if (!settings.aws.regions.includes(p.region)) continue;
      const value = { perHour: p.usdPerHour, asOf: p.readAt.toISOString() };
      if (p.kind === 'on-demand') {
        (live.onDemand[p.region] ??= {})[p.instanceType] = value;
      } else {
        (live.spot[p.zone] ??= {})[p.instanceType] = value;
      }
    }
    for (const region of settings.aws.regions) {
      for (const kind of ['on-demand', 'spot'] as const) {
        const state = states.find(s => s.kind === kind && s.region === region);
        if (state?.error) {
          live.problems[`${kind}/${region}`] = `${
            state.error
          } (tried ${state.lastAttemptAt.toISOString()})`;
        } else if (!state) {
          live.problems[`${kind}/${region}`] = 'not read from AWS yet';
        }
      }
    }
    this.live = live;
  }

  /** Sets the NodeOverlays read from a cluster. */
  setOverlays(cluster: string, overlays: NodeOverlayPrice[]): void {
    this.overlays.set(cluster, overlays);
  }

  /**
   * Reads a cluster's NodeOverlays (when enabled) and returns the prices
   * for its nodes, with what could not be read.
   */
  async forCluster(
    cluster: string,
    reader: Pick<KubernetesClient, 'list'>,
  ): Promise<{ table: PriceTable; problems: string[] }> {
    let problems: string[] = [];
    if (this.options.settings.nodeOverlays) {
      const read = await readNodeOverlays(reader);
      this.setOverlays(cluster, read.overlays);
      problems = read.problems;
    }
    return { table: this.tableFor(cluster), problems };
  }

  /** The prices a cluster's nodes are priced with. */
  tableFor(cluster?: string): PriceTable {
    const { shipped, settings } = this.options;
    return {
      ...shipped,
      ...(this.live ? { live: this.live } : {}),
      ...(settings.aws.enabled
        ? {}
        : {
            fallbackReason:
              'AWS prices off: nodeMix.pricing.aws.enabled is false',
          }),
      adjustments: {
        overlays: (cluster && this.overlays.get(cluster)) || [],
        discounts: settings.discounts,
      },
    };
  }
}
