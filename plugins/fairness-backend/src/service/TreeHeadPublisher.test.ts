import { TestDatabases } from '@backstage/backend-test-utils';
import {
  bytesToHex,
  hexToBytes,
  rootHashFromLeafHashes,
  verifyConsistency,
} from '@internal/plugin-fairness-common';
import {
  createLog,
  disableAppendOnlyTriggers,
  makeRound,
  seededLog as seededLogOn,
} from '../__testUtils__/fixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** The published checkpoint's size once it reaches `size`, or after 5 s. */
async function publishedSize(
  log: { publishedTreeHead(): Promise<{ treeSize: number } | undefined> },
  size: number,
) {
  const until = Date.now() + 5000;
  for (;;) {
    const now = (await log.publishedTreeHead())?.treeSize;
    if (now === size || Date.now() > until) return now;
    await new Promise(r => setTimeout(r, 50));
  }
}

describe.each(databases.eachSupportedId())(
  'TreeHeadPublisher on %p',
  databaseId => {
    /** A log of 20 revealed rounds under one seed, with a signed head. */
    const seededLog = async () => seededLogOn(await databases.init(databaseId));
    it('publishes a checkpoint covering ingested rounds within its interval, without the schedule', async () => {
      const knex = await databases.init(databaseId);
      const { log } = await createLog(knex, { checkpointIntervalMs: 200 });
      try {
        await log.ingester.ingest(
          [0, 1, 2].map(n => makeRound('publish-seed', n)),
        );
        expect(await publishedSize(log.reader, 3)).toBe(3);
        // Duplicates add nothing, so nothing new is signed.
        await log.ingester.ingest([makeRound('publish-seed', 2)]);
        await new Promise(r => setTimeout(r, 600));
        expect(await log.reader.listTreeHeads(10)).toHaveLength(1);
        await log.ingester.ingest([makeRound('publish-seed', 3)]);
        expect(await publishedSize(log.reader, 4)).toBe(4);
      } finally {
        await log.close();
      }
    });

    it('refuses to sign a head inconsistent with the previous one', async () => {
      const { knex, store, log } = await seededLog();
      await disableAppendOnlyTriggers(knex);
      await knex('tree_nodes')
        .where({ level: 4, node_index: 0 })
        .update({ hash: '00'.repeat(32) });
      await store.appendRounds([makeRound('later', 0)]);
      await expect(log.treeHeads.signTreeHead()).rejects.toThrow(
        /not consistent with signed tree head/,
      );
    });
  },
);

const pg = TestDatabases.create({ ids: ['POSTGRES_15'] });
const pgIds = pg.eachSupportedId();
// PostgreSQL only (SQLite serializes writers by design); skipped without it.
const describeOnPostgres = pgIds.length
  ? describe.each(pgIds)
  : describe.skip.each([['POSTGRES_15' as const]]);

describeOnPostgres('concurrent ingest on %p', databaseId => {
  it('loses and duplicates no leaf with 20 writers x 500 rounds, heads stay consistent', async () => {
    const knex = await pg.init(databaseId);
    const { store, log } = await createLog(knex);
    const WRITERS = 20;
    const ROUNDS = 500;
    const BATCH = 50;
    const heads: Array<{ size: number; root: string }> = [];
    let running = true;
    const signer = (async () => {
      while (running) {
        const head = await log.treeHeads.signTreeHead();
        if (head) heads.push({ size: head.treeSize, root: head.rootHash });
        await new Promise(r => setTimeout(r, 50));
      }
    })();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let start = 0; start < ROUNDS; start += BATCH) {
          const batch = Array.from({ length: BATCH }, (__, i) =>
            makeRound(`writer-${w}`, start + i),
          );
          await store.appendRounds(batch);
        }
      }),
    );
    running = false;
    await signer;
    const final = (await log.treeHeads.signTreeHead({ force: true }))!;
    heads.push({ size: final.treeSize, root: final.rootHash });

    const total = WRITERS * ROUNDS;
    expect(await store.getTreeSize()).toBe(total);
    const rows = await store.getRoundsByLeafRange(0, total);
    expect(rows.map(r => r.leafIndex)).toEqual(
      Array.from({ length: total }, (_, i) => i),
    );
    expect(new Set(rows.map(r => r.roundId)).size).toBe(total);
    const root = rootHashFromLeafHashes(rows.map(r => hexToBytes(r.leafHash)));
    expect(final.rootHash).toBe(bytesToHex(root));
    expect(heads.length).toBeGreaterThan(2);
    for (const head of heads) {
      const proof = await log.reader.consistencyProof(head.size, total);
      expect(
        verifyConsistency(head.size, total, hexToBytes(head.root), root, proof),
      ).toBe(true);
    }
    expect((await log.verifier.verifyLog({ limit: total })).failures).toEqual(
      [],
    );
  });
});
