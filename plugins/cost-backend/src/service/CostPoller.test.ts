import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { awsRow, startCostFixture } from '../__testUtils__/costFixture';
import { readCostConfig } from '../config';
import { CostPoller } from './CostPoller';

jest.setTimeout(60_000);

describe('CostPoller', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'alerts on the import that takes a team over its budget, even right after its budget was read, %p',
    async id => {
      const send = jest.fn(async () => {});
      const { reader, poller, setNextRows } = await startCostFixture(
        await databases.init(id),
        { notifications: { send } },
      );

      // the Cost page has just read (and cached) mono's budget: within it
      const [mono] = await reader.budgets(['group:default/mono']);
      expect(mono.exceeded).toBe(false);
      setNextRows([awsRow('group:default/mono', 300_000_000)]);
      await poller.runImport('aws');
      expect(send).toHaveBeenCalledTimes(1);
      expect(send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: 'group:default/mono' },
        }),
      );
      // once a month
      await poller.runImport('aws');
      expect(send).toHaveBeenCalledTimes(1);
    },
  );

  it('samples with the catalog owners once they have settled, not half-loaded ones', async () => {
    // The catalog has read two components, then their groups and the rest.
    const reads = [2, 5, 5, 6].map(
      n =>
        new Map(
          Array.from({ length: n }, (_, i) => [
            `svc-${i}`,
            'group:default/mono',
          ]),
        ),
    );
    let read = 0;
    const sampled: number[] = [];
    const poller = new CostPoller({
      store: { saveRun: async () => {} } as any,
      config: readCostConfig(new ConfigReader({})),
      owners: { serviceOwners: async () => reads[Math.min(read++, 3)] },
      logger: mockServices.logger.mock(),
      sources: [
        {
          id: 'kubernetes',
          intervalMinutes: 15,
          import: async ({ serviceOwners }) => {
            sampled.push((await serviceOwners()).size);
            return { days: [], rows: 0 };
          },
          report: () => ({ detail: '' }),
        },
      ],
      catalogWait: { delayMs: 0, settleMs: 0 },
    });
    await poller.runImport('kubernetes');
    // settled once: later imports take the catalog as it is
    await poller.runImport('kubernetes');
    expect(sampled).toEqual([5, 6]);
  });

  // Which sources are configured is each module's call (its module.test.ts).
  it('schedules the sources the modules added, at their intervals', () => {
    const poller = new CostPoller({
      store: {} as any,
      config: readCostConfig(new ConfigReader({})),
      owners: { serviceOwners: async () => new Map() },
      logger: mockServices.logger.mock(),
      sources: [
        {
          id: 'aws',
          intervalMinutes: 120,
          import: async () => ({ days: [], rows: 0 }),
          report: () => ({ detail: '' }),
        },
      ],
    });
    expect(poller.schedules).toEqual([{ source: 'aws', intervalMinutes: 120 }]);
  });
});
