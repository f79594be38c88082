import { TestDatabases } from '@backstage/backend-test-utils';
import {
  hashServerSeed,
  verifyCheckpoint,
  verifyEvidenceBundle,
} from '@internal/plugin-fairness-common';
import {
  keys,
  makeRound,
  seededLog as seededLogOn,
  readExport,
} from '../__testUtils__/fixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'EvidenceExporter on %p',
  databaseId => {
    /** A log of 20 revealed rounds under one seed, with a signed head. */
    const seededLog = async () => seededLogOn(await databases.init(databaseId));
    it('pages an evidence export with a cap', async () => {
      const { log } = await seededLog();
      const filter = { serverSeedHash: hashServerSeed('tamper-seed') };
      const first = await readExport(
        log.evidence.exportEvidence(filter, { scope: 's', limit: 8 }),
      );
      expect(first.rounds.map(r => r.leafIndex)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7,
      ]);
      expect(first.page?.next).toBe(7);
      const last = await readExport(
        log.evidence.exportEvidence(filter, {
          scope: 's',
          limit: 12,
          after: 7,
        }),
      );
      expect(last.rounds.map(r => r.leafIndex)).toEqual(
        Array.from({ length: 12 }, (_, i) => 8 + i),
      );
      expect(last.page?.next).toBe(null);
      expect(last.seeds).toHaveLength(1);
      const report = verifyEvidenceBundle(last, {
        verifierKey: keys.verifierKey,
      });
      expect(report.checks.filter(c => !c.ok)).toEqual([]);
    });

    it('exports evidence an offline verifier accepts', async () => {
      const { log, store } = await seededLog();
      const first = (await log.reader.listTreeHeads(1))[0];
      await store.appendRounds([makeRound('second', 0)]);
      await log.treeHeads.signTreeHead();
      const bundle = await readExport(
        log.evidence.exportEvidence(
          { serverSeedHash: hashServerSeed('tamper-seed') },
          { scope: 'seed', consistencyFrom: [first.treeSize], limit: 10_000 },
        ),
      );
      expect(bundle.rounds).toHaveLength(20);
      expect(
        verifyCheckpoint(bundle.checkpoint, keys.verifierKey).treeSize,
      ).toBe(21);
      const report = verifyEvidenceBundle(JSON.parse(JSON.stringify(bundle)), {
        verifierKey: keys.verifierKey,
        earlierCheckpoint: first.note,
      });
      expect(report.checks.filter(c => !c.ok)).toEqual([]);
      expect(report.roundsVerified).toBe(20);
    });
  },
);
