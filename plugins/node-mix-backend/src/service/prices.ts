import {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { AwsPriceListClient } from '../clients/AwsPriceListClient';
import { AwsSpotPriceClient } from '../clients/AwsSpotPriceClient';
import { DatabasePriceStore } from '../database/DatabasePriceStore';
import { PriceBook } from './PriceBook';
import { NodeMixSettings, PriceSettings } from '../config';

/**
 * The price book of node-mix: the shipped table, AWS prices cached in the
 * database when `nodeMix.pricing.aws.enabled` (read once across replicas by
 * the `node_mix_prices_refresh` task, loaded by every replica), NodeOverlays
 * and configured discounts.
 */
export async function createPriceBook(options: {
  database: DatabaseService;
  logger: LoggerService;
  scheduler: SchedulerService;
  settings: NodeMixSettings;
  priceSettings: PriceSettings;
}): Promise<PriceBook> {
  const { database, logger, scheduler, settings, priceSettings } = options;
  const store = await DatabasePriceStore.create({ database });
  const retry = { logger, maxAttempts: priceSettings.aws.maxAttempts };
  const aws = priceSettings.aws.enabled;
  const prices = new PriceBook({
    shipped: settings.priceTable,
    settings: priceSettings,
    store,
    logger,
    ...(aws
      ? {
          priceList: AwsPriceListClient.create({
            endpointRegion: priceSettings.aws.priceListRegion,
            retry,
          }),
          spot: AwsSpotPriceClient.create({ retry }),
        }
      : {}),
  });
  await prices.load();
  if (aws) {
    await scheduler.scheduleTask({
      id: 'node_mix_prices_refresh',
      frequency: { minutes: priceSettings.aws.refreshIntervalMinutes },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 5 },
      scope: 'global',
      fn: () => prices.refreshFromAws(),
    });
    // Replicas that did not run the refresh load its result from the database.
    await scheduler.scheduleTask({
      id: 'node_mix_prices_load',
      frequency: { minutes: 5 },
      timeout: { minutes: 1 },
      scope: 'local',
      fn: () => prices.load(),
    });
  }
  return prices;
}
