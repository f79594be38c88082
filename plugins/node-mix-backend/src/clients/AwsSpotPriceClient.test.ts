import { mockServices } from '@backstage/backend-test-utils';
import {
  DescribeSpotPriceHistoryCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { spotRow } from '../__testUtils__/awsPrices';
import { AwsSpotPriceClient } from './AwsSpotPriceClient';

const NOW = Date.parse('2026-12-02T14:00:00Z');

describe('AwsSpotPriceClient', () => {
  const ec2 = mockClient(EC2Client);
  const client = new AwsSpotPriceClient(
    () => new EC2Client({ region: 'eu-central-1' }),
    { logger: mockServices.logger.mock(), sleep: async () => {} },
    () => NOW,
  );

  beforeEach(() => ec2.reset());

  it('reads the current price per zone and type over every page', async () => {
    ec2
      .on(DescribeSpotPriceHistoryCommand)
      .resolvesOnce({
        NextToken: 'next',
        SpotPriceHistory: [
          spotRow('eu-central-1a', 'm6i.xlarge', '0.082300'),
          // an older entry for the same zone and type does not win
          spotRow(
            'eu-central-1a',
            'm6i.xlarge',
            '0.120000',
            '2026-12-01T09:00:00Z',
          ),
        ],
      })
      .resolvesOnce({
        NextToken: '',
        SpotPriceHistory: [spotRow('eu-central-1b', 'm6i.xlarge', '0.091000')],
      });
    const list = await client.spotPrices('eu-central-1', ['m6i.xlarge']);
    expect(list.prices.get('eu-central-1a')?.get('m6i.xlarge')).toBe(0.0823);
    expect(list.prices.get('eu-central-1b')?.get('m6i.xlarge')).toBe(0.091);
    const calls = ec2.commandCalls(DescribeSpotPriceHistoryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input).toMatchObject({
      ProductDescriptions: ['Linux/UNIX'],
      InstanceTypes: ['m6i.xlarge'],
      StartTime: new Date(NOW),
    });
    expect(calls[1].args[0].input.NextToken).toBe('next');
  });

  it("retries EC2's RequestLimitExceeded", async () => {
    ec2
      .on(DescribeSpotPriceHistoryCommand)
      .rejectsOnce(
        new EC2ServiceException({
          name: 'RequestLimitExceeded',
          $fault: 'client',
          $metadata: { httpStatusCode: 503 },
          message: 'Request limit exceeded.',
        }),
      )
      .resolvesOnce({
        SpotPriceHistory: [spotRow('eu-central-1c', 'c7g.large', '0.0301')],
      });
    const list = await client.spotPrices('eu-central-1', ['c7g.large']);
    expect(list.prices.get('eu-central-1c')?.get('c7g.large')).toBe(0.0301);
  });
});
