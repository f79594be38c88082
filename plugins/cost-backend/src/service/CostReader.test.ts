import { TestDatabases } from '@backstage/backend-test-utils';
import { awsRow as row, startCostFixture } from '../__testUtils__/costFixture';
import { SUMMARY_TTL_MS } from './CostReader';

jest.setTimeout(60_000);

describe('CostReader caches', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  const setup = async (id: Parameters<typeof databases.init>[0]) =>
    startCostFixture(await databases.init(id));

  const teams = (s: { byTeam: { key: string }[] }) => s.byTeam.map(t => t.key);

  it.each(databases.eachSupportedId())(
    "never serves a team's cost from the cache to a caller who may not read it, %p",
    async id => {
      const { reader } = await setup(id);
      const all = await reader.summary(30);
      expect(teams(all).sort()).toEqual([
        'group:default/mono',
        'group:default/vip',
      ]);
      const mono = await reader.summary(30, ['group:default/mono']);
      expect(teams(mono)).toEqual(['group:default/mono']);
      expect(mono.total).toBe(1_000_000);
      // Same team set in another order is the same entry; another set is not.
      expect(
        await reader.summary(30, ['group:default/mono', 'group:default/mono']),
      ).toBe(mono);
      expect(teams(await reader.summary(30, []))).toEqual([]);
      expect(await reader.summary(7, ['group:default/mono'])).not.toBe(mono);
    },
  );

  it.each(databases.eachSupportedId())(
    'a new import changes the summary at once; otherwise it is reused up to its TTL, %p',
    async id => {
      const { reader, store, runImport, setNextRows, advance } = await setup(
        id,
      );
      const before = await reader.summary(30);
      expect(await reader.summary(30)).toBe(before);
      expect(before.total).toBe(8_000_000);

      setNextRows([row('group:default/mono', 3_000_000)]);
      await runImport('aws');
      const after = await reader.summary(30);
      expect(after.total).toBe(3_000_000);
      expect(teams(after)).toEqual(['group:default/mono']);

      // An import by another replica (straight to the store) shows within the TTL.
      await store.replaceDays(
        'aws',
        ['2026-11-29'],
        [row('group:default/mono', 5_000_000)],
      );
      advance(SUMMARY_TTL_MS - 1);
      expect(await reader.summary(30)).toBe(after);
      // past the TTL the previous summary is served while the next is made
      advance(1);
      const refreshing = reader.summary(30);
      expect(await refreshing).toBe(after);
      await new Promise(r => setTimeout(r, 200));
      expect((await reader.summary(30)).total).toBe(5_000_000);
      // never older than twice the TTL: then callers wait for a new one
      await store.replaceDays(
        'aws',
        ['2026-11-29'],
        [row('group:default/mono', 6_000_000)],
      );
      advance(2 * SUMMARY_TTL_MS);
      expect((await reader.summary(30)).total).toBe(6_000_000);
    },
  );

  it.each(databases.eachSupportedId())(
    'budgets follow an import at once and are otherwise computed once per team and day, %p',
    async id => {
      const { reader, runImport, setNextRows, advance } = await setup(id);
      const monthToDate = async () =>
        Object.fromEntries(
          (await reader.budgets()).map(b => [b.team, b.monthToDate]),
        );
      expect(await monthToDate()).toEqual({
        'group:default/mono': 1_000_000,
        'group:default/vip': 7_000_000,
      });
      const [mono] = await reader.budgets(['group:default/mono']);
      expect((await reader.budgets(['group:default/mono']))[0]).toBe(mono);

      setNextRows([row('group:default/mono', 3_000_000)]);
      await runImport('aws');
      expect(await monthToDate()).toEqual({
        'group:default/mono': 3_000_000,
        'group:default/vip': 0,
      });
      // a new day is a new entry (the month's days so far change)
      const today = (await reader.budgets(['group:default/mono']))[0];
      advance(86_400_000);
      expect((await reader.budgets(['group:default/mono']))[0]).not.toBe(today);
    },
  );

  it.each(databases.eachSupportedId())(
    'marks today as a partial day with the hours elapsed, in the summary and a team’s cost, %p',
    async id => {
      const { reader, store } = await setup(id);
      await store.replaceDays(
        'aws',
        ['2026-11-30'],
        [{ ...row('group:default/mono', 500_000), date: '2026-11-30' }],
      );
      // NOW is 12:00 UTC: twelve hours of today are in.
      const summary = await reader.summary(30);
      expect(summary.trend).toEqual([
        { date: '2026-11-29', amount: 8_000_000, demo: false },
        { date: '2026-11-30', amount: 500_000, demo: false, partialHours: 12 },
      ]);
      const team = await reader.entityCost(
        { team: 'group:default/mono' },
        'group:default/mono',
        30,
      );
      expect(team.trend.map(t => t.partialHours)).toEqual([undefined, 12]);
    },
  );
});
