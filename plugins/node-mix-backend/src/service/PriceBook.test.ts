import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  DescribeSpotPriceHistoryCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  GetProductsCommand,
  PricingClient,
  PricingServiceException,
} from '@aws-sdk/client-pricing';
import {
  AWS_ON_DEMAND_PRICES,
  AWS_SPOT_PRICING,
  describeBasis,
  resolvePrice,
} from '@internal/pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { priceListEntry, spotRow } from '../__testUtils__/awsPrices';
import { AwsPriceListClient } from '../clients/AwsPriceListClient';
import { AwsSpotPriceClient } from '../clients/AwsSpotPriceClient';
import { DatabasePriceStore } from '../database/DatabasePriceStore';
import { PriceBook } from './PriceBook';
import { PriceSettings } from '../config';

jest.setTimeout(60_000);

const T0 = Date.parse('2026-12-02T11:00:00Z');
const LATER = Date.parse('2026-12-02T14:00:00Z');

const settings = (over: Partial<PriceSettings['aws']> = {}): PriceSettings => ({
  aws: {
    enabled: true,
    regions: ['eu-central-1'],
    priceListRegion: 'us-east-1',
    refreshIntervalMinutes: 360,
    spotInstanceFamilies: ['m6i'],
    maxAttempts: 3,
    ...over,
  },
  discounts: [],
  nodeOverlays: true,
});

const throttled = () =>
  new PricingServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
    message: 'Rate exceeded',
  });

describe('PriceBook', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const pricing = mockClient(PricingClient);
  const ec2 = mockClient(EC2Client);

  beforeEach(() => {
    pricing.reset();
    ec2.reset();
  });

  async function book(databaseId: string, s = settings(), now = T0) {
    const knex = await databases.init(databaseId as any);
    const store = await DatabasePriceStore.create({
      database: mockServices.database.mock({ getClient: async () => knex }),
    });
    const logger = mockServices.logger.mock();
    const retry = { logger, sleep: async () => {}, maxAttempts: 3 };
    const make = (clock: number) =>
      new PriceBook({
        shipped: AWS_ON_DEMAND_PRICES,
        settings: s,
        store,
        logger,
        priceList: new AwsPriceListClient(
          new PricingClient({ region: 'us-east-1' }),
          retry,
        ),
        spot: new AwsSpotPriceClient(
          () => new EC2Client({ region: 'eu-central-1' }),
          retry,
          () => clock,
        ),
        now: () => clock,
      });
    return { prices: make(now), make };
  }

  const price = (b: PriceBook, type: string, capacity: string, zone?: string) =>
    resolvePrice(
      b.tableFor('dev'),
      AWS_SPOT_PRICING,
      'eu-central-1',
      type,
      capacity,
      { zone },
    );

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('prices from AWS once read, on every replica, with the date', async () => {
      pricing.on(GetProductsCommand).resolves({
        PriceList: [priceListEntry('m6i.xlarge', '0.2400000000')],
      });
      ec2.on(DescribeSpotPriceHistoryCommand).resolves({
        SpotPriceHistory: [spotRow('eu-central-1a', 'm6i.xlarge', '0.0823')],
      });
      const { prices, make } = await book(databaseId);
      await prices.refreshFromAws();
      const od = price(prices, 'm6i.xlarge', 'on-demand');
      expect(od.perHour).toBe(0.24);
      expect(describeBasis(od.basis!, LATER)).toBe(
        'AWS Price List (eu-central-1), 3 h ago',
      );
      const spot = price(prices, 'm6i.xlarge', 'spot', 'eu-central-1a');
      expect(spot.perHour).toBe(0.0823);
      expect(describeBasis(spot.basis!, LATER)).toBe(
        'spot price history, eu-central-1a, 3 h ago',
      );

      // another replica loads what this one stored
      const other = make(LATER);
      expect(price(other, 'm6i.xlarge', 'on-demand').basis?.origin).toBe(
        'shipped-table',
      );
      await other.load();
      expect(price(other, 'm6i.xlarge', 'on-demand').perHour).toBe(0.24);
    });

    it('falls back to the shipped table when AWS keeps throttling, and says so', async () => {
      pricing.on(GetProductsCommand).rejects(throttled());
      ec2
        .on(DescribeSpotPriceHistoryCommand)
        .resolves({ SpotPriceHistory: [] });
      const { prices } = await book(databaseId);
      await prices.refreshFromAws();
      expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(3);
      const od = price(prices, 'm6i.xlarge', 'on-demand');
      expect(od.perHour).toBe(0.23);
      expect(describeBasis(od.basis!, LATER)).toBe(
        'shipped table (2026-11-27), offline fallback (AWS throttled the AWS Price List API (GetProducts, eu-central-1) 3 times in a row (tried 2026-12-02T11:00:00.000Z))',
      );
      const spot = price(prices, 'm6i.xlarge', 'spot', 'eu-central-1a');
      expect(spot.basis?.origin).toBe('spot-estimate');
      expect(spot.basis?.fallbackReason).toMatch(
        /^EC2 has no spot price history for region 'eu-central-1'/,
      );
    });

    it('keeps the last prices read, with their age, when a later refresh fails', async () => {
      pricing
        .on(GetProductsCommand)
        .resolvesOnce({ PriceList: [priceListEntry('m6i.xlarge', '0.24')] })
        .rejects(throttled());
      ec2.on(DescribeSpotPriceHistoryCommand).resolves({
        SpotPriceHistory: [spotRow('eu-central-1a', 'm6i.xlarge', '0.0823')],
      });
      const { prices, make } = await book(databaseId);
      await prices.refreshFromAws();
      const later = make(LATER);
      await later.refreshFromAws();
      const od = price(later, 'm6i.xlarge', 'on-demand');
      expect(od.perHour).toBe(0.24);
      expect(od.basis?.asOf).toBe(new Date(T0).toISOString());
    });

    it('says a region without prices has none and uses the shipped table', async () => {
      pricing
        .on(GetProductsCommand)
        .resolves({ FormatVersion: 'aws_v1', PriceList: [] });
      ec2
        .on(DescribeSpotPriceHistoryCommand)
        .resolves({ SpotPriceHistory: [] });
      const { prices } = await book(databaseId);
      await prices.refreshFromAws();
      const od = price(prices, 'm6i.xlarge', 'on-demand');
      expect(od.perHour).toBe(0.23);
      expect(od.basis?.fallbackReason).toMatch(
        /^the AWS Price List has no EC2 Linux prices for region 'eu-central-1'/,
      );
    });

    it('uses the shipped table, saying AWS prices are off, when not enabled', async () => {
      const { prices } = await book(databaseId, settings({ enabled: false }));
      await prices.refreshFromAws();
      await prices.load();
      expect(pricing.calls()).toHaveLength(0);
      const od = price(prices, 'm6i.xlarge', 'on-demand');
      expect(describeBasis(od.basis!, LATER)).toBe(
        'shipped table (2026-11-27), offline fallback (AWS prices off: nodeMix.pricing.aws.enabled is false)',
      );
    });
  });
});
