import { mockServices } from '@backstage/backend-test-utils';
import {
  GetProductsCommand,
  PricingClient,
  PricingServiceException,
} from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { priceListEntry } from '../__testUtils__/awsPrices';
import { AwsPriceListClient } from './AwsPriceListClient';

const throttled = () =>
  new PricingServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
    message: 'Rate exceeded',
  });

describe('AwsPriceListClient', () => {
  const pricing = mockClient(PricingClient);
  const sleeps: number[] = [];
  const client = new AwsPriceListClient(
    new PricingClient({ region: 'us-east-1' }),
    {
      logger: mockServices.logger.mock(),
      sleep: async ms => {
        sleeps.push(ms);
      },
      baseDelayMs: 100,
    },
  );

  beforeEach(() => {
    pricing.reset();
    sleeps.length = 0;
  });

  it('reads every page with the Linux, shared-tenancy filters and keeps the hourly USD price', async () => {
    pricing
      .on(GetProductsCommand)
      .resolvesOnce({
        FormatVersion: 'aws_v1',
        NextToken: 'page-2',
        PriceList: [
          priceListEntry('m6i.xlarge', '0.2300000000'),
          priceListEntry('c7g.xlarge', '0.1724000000'),
        ],
      })
      .resolvesOnce({
        FormatVersion: 'aws_v1',
        PriceList: [
          priceListEntry('r7g.large', '0.1285000000'),
          // a Capacity Block offer and a broken entry are not on-demand prices
          priceListEntry('m6i.large', '0.5000000000', {
            marketoption: 'CapacityBlock',
          }),
          '{not json',
        ],
      });
    const list = await client.onDemandPrices('eu-central-1');
    expect(Object.fromEntries(list.prices)).toEqual({
      'm6i.xlarge': 0.23,
      'c7g.xlarge': 0.1724,
      'r7g.large': 0.1285,
    });
    expect(list.pages).toBe(2);
    expect(list.skipped).toBe(2);
    const calls = pricing.commandCalls(GetProductsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input).toMatchObject({
      ServiceCode: 'AmazonEC2',
      NextToken: undefined,
      Filters: expect.arrayContaining([
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-central-1' },
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
        { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
        { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
        { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
      ]),
    });
    expect(calls[1].args[0].input.NextToken).toBe('page-2');
  });

  it('retries throttling with growing back-off', async () => {
    pricing
      .on(GetProductsCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolvesOnce({ PriceList: [priceListEntry('m6i.xlarge', '0.23')] });
    const list = await client.onDemandPrices('eu-central-1');
    expect(list.prices.get('m6i.xlarge')).toBe(0.23);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] / 2);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
  });

  it('gives up after the last attempt and says AWS throttled it', async () => {
    pricing.on(GetProductsCommand).rejects(throttled());
    await expect(client.onDemandPrices('eu-central-1')).rejects.toThrow(
      'AWS throttled the AWS Price List API (GetProducts, eu-central-1) 5 times in a row',
    );
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(5);
  });

  it('does not retry other errors', async () => {
    pricing.on(GetProductsCommand).rejects(
      new PricingServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'not authorized to perform: pricing:GetProducts',
      }),
    );
    await expect(client.onDemandPrices('eu-central-1')).rejects.toThrow(
      /pricing:GetProducts/,
    );
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(1);
  });
});
