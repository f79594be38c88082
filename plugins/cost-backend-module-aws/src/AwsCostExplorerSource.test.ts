import { mockServices } from '@backstage/backend-test-utils';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { CostRow, CostSink } from '@internal/plugin-cost-node';
import { AwsCostExplorerSource } from './AwsCostExplorerSource';

const settings = {
  region: 'us-east-1',
  teamTag: 'team',
  serviceTag: 'service',
  lookbackDays: 2,
  excludeServices: ['Amazon Elastic Compute Cloud - Compute'],
  intervalMinutes: 360,
};

// Shaped like Cost Explorer's answer for GroupBy TAG team, TAG service.
function page(
  date: string,
  groups: Array<[string, string, string]>,
  next?: string,
): GetCostAndUsageCommandOutput {
  return {
    $metadata: {},
    GroupDefinitions: [
      { Type: 'TAG', Key: 'team' },
      { Type: 'TAG', Key: 'service' },
    ],
    ResultsByTime: [
      {
        TimePeriod: { Start: date, End: date },
        Total: {},
        Groups: groups.map(([team, service, amount]) => ({
          Keys: [`team$${team}`, `service$${service}`],
          Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } },
        })),
        Estimated: true,
      },
    ],
    DimensionValueAttributes: [],
    ...(next ? { NextPageToken: next } : {}),
  };
}

function fakeStore() {
  const written: Array<{ days: string[]; rows: CostRow[] }> = [];
  const store = {
    replaceDays: jest.fn(
      async (_s: string, days: string[], rows: CostRow[]) => {
        written.push({ days, rows });
      },
    ),
  } as unknown as CostSink;
  return { store, written };
}

describe('AwsCostExplorerSource', () => {
  const ce = mockClient(CostExplorerClient);
  beforeEach(() => ce.reset());

  const create = (store: CostSink, maxAttempts = 6) => {
    const source = new AwsCostExplorerSource({
      settings,
      logger: mockServices.logger.mock(),
      client: new CostExplorerClient({ region: 'us-east-1' }),
      now: () => Date.parse('2026-11-27T12:00:00Z'),
      sleep: async () => {},
      maxAttempts,
    });
    return { import: () => source.import({ sink: store }) };
  };

  it('reads every page, maps tags to teams, and asks for daily cost grouped by the tags', async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce(
        page(
          '2026-11-25',
          [
            ['mono', 'wallet', '12.3400000001'],
            ['', '', '0.5'],
          ],
          'token-2',
        ),
      )
      .resolvesOnce(page('2026-11-26', [['direct', 'game-dice', '7']]));
    const { store, written } = fakeStore();
    await expect(create(store).import()).resolves.toEqual({
      days: ['2026-11-25', '2026-11-26'],
      rows: 3,
    });

    const calls = ce.commandCalls(GetCostAndUsageCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input).toMatchObject({
      TimePeriod: { Start: '2026-11-25', End: '2026-11-28' },
      Granularity: 'DAILY',
      GroupBy: [
        { Type: 'TAG', Key: 'team' },
        { Type: 'TAG', Key: 'service' },
      ],
      Filter: {
        Not: {
          Dimensions: {
            Key: 'SERVICE',
            Values: ['Amazon Elastic Compute Cloud - Compute'],
          },
        },
      },
    });
    expect(calls[1].args[0].input.NextPageToken).toBe('token-2');
    expect(
      written[0].rows.map(r => [r.date, r.team, r.service, r.amount]),
    ).toEqual([
      ['2026-11-25', 'group:default/mono', 'wallet', 12_340_000],
      ['2026-11-25', '__unallocated__', '(untagged)', 500_000],
      ['2026-11-26', 'group:default/direct', 'game-dice', 7_000_000],
    ]);
  });

  it('retries when throttled', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'LimitExceededException',
    });
    ce.on(GetCostAndUsageCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolvesOnce(page('2026-11-26', [['mono', 'wallet', '1']]));
    const { store, written } = fakeStore();
    await create(store).import();
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(3);
    expect(written).toHaveLength(1);
  });

  it('writes nothing when a later page fails, so stored days stay as they were', async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce(page('2026-11-25', [['mono', 'wallet', '1']], 'token-2'))
      .rejects(
        Object.assign(new Error('Rate exceeded'), {
          name: 'LimitExceededException',
        }),
      );
    const { store, written } = fakeStore();
    await expect(create(store, 3).import()).rejects.toThrow('Rate exceeded');
    expect(written).toHaveLength(0);
  });

  it('does not retry errors that are not throttling', async () => {
    ce.on(GetCostAndUsageCommand).rejects(
      Object.assign(
        new Error('User is not authorized to perform ce:GetCostAndUsage'),
        { name: 'AccessDeniedException' },
      ),
    );
    const { store } = fakeStore();
    await expect(create(store).import()).rejects.toThrow('not authorized');
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(1);
  });
});
