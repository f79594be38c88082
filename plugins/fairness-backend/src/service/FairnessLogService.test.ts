import { TestDatabases } from '@backstage/backend-test-utils';
import {
  bytesToHex,
  hashServerSeed,
  hexToBytes,
  rootHashFromLeafHashes,
  verifyCheckpoint,
  verifyConsistency,
  verifyEvidenceBundle,
} from '@internal/plugin-fairness-common';
import {
  createLog,
  disableAppendOnlyTriggers,
  keys,
  makeRound,
  readExport,
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
  'FairnessLogService on %p',
  databaseId => {
    /** A log of 20 revealed rounds under one seed, with a signed head. */
    async function seededLog() {
      const knex = await databases.init(databaseId);
      const { store, log } = await createLog(knex);
      await store.appendRounds(
        Array.from({ length: 20 }, (_, n) => makeRound('tamper-seed', n)),
      );
      await store.revealSeed(
        hashServerSeed('tamper-seed'),
        'tamper-seed',
        'demo-game-server',
      );
      await log.signTreeHead();
      return { knex, store, log };
    }
    const failuresOf = async (
      log: Awaited<ReturnType<typeof seededLog>>['log'],
    ) => (await log.verifyLog({ limit: 1000 })).failures;

    it('verifies a round with three passing checks and an untouched log', async () => {
      const { log } = await seededLog();
      const verification = await log.verifyRound('tamper-seed-7');
      expect(verification.ok).toBe(true);
      expect(verification.checks.commitment.ok).toBe(true);
      expect(verification.checks.result.reason).toMatch(
        /equals the recorded result/,
      );
      expect(verification.checks.inclusion.reason).toMatch(
        /leaf 7 is included in the signed tree head of size 20/,
      );
      expect(verification.checks.inclusion.anchor?.reason).toBe(
        'anchoring is not configured',
      );
      expect(await failuresOf(log)).toEqual([]);
      const page = await log.verifyRounds(
        { serverSeedHash: hashServerSeed('tamper-seed') },
        { limit: 8 },
      );
      expect(page).toMatchObject({
        checked: 8,
        total: 20,
        failures: [],
        next: 7,
      });
    });

    it('reports an unrevealed seed as pending, not failed', async () => {
      const knex = await databases.init(databaseId);
      const { store, log } = await createLog(knex);
      await store.appendRounds([
        makeRound('hidden', 0),
        makeRound('hidden', 1),
      ]);
      const verification = await log.verifyRound('hidden-0');
      expect(verification.status).toBe('pending');
      expect(verification.checks.commitment).toEqual({
        ok: false,
        pending: true,
        reason: expect.stringContaining(
          `server seed for commitment ${hashServerSeed(
            'hidden',
          )} is still active, not revealed yet`,
        ),
      });
      expect(verification.checks.result).toMatchObject({ pending: true });
      // Reads never sign: the round waits for the next scheduled head.
      expect(verification.checks.inclusion).toEqual({
        ok: false,
        pending: true,
        reason:
          'leaf 0 is not yet covered by a signed tree head: the log has none yet',
      });
      await log.signTreeHead();
      expect(verification.inclusionProof).toBeNull();
      const signed = await log.verifyRound('hidden-0');
      expect(signed.checks.inclusion.ok).toBe(true);
      // the audit path an auditor can check by hand: the sibling leaf's hash
      expect(signed.inclusionProof).toEqual([
        (await store.getRound('hidden-1'))!.leafHash,
      ]);
      expect(signed.status).toBe('pending');

      const range = await log.verifyRounds(
        { serverSeedHash: hashServerSeed('hidden') },
        { limit: 10 },
      );
      expect(range).toMatchObject({ checked: 2, pending: 2, failures: [] });
    });

    it('never signs a tree head while reading, and reports newer rounds as not yet covered', async () => {
      const { knex, store, log } = await seededLog();
      await store.appendRounds([makeRound('newer', 0)]);
      const heads = async () =>
        Number((await knex('tree_heads').count({ n: '*' }))[0].n);
      const before = await heads();
      expect(
        (await log.verifyRound('newer-0')).checks.inclusion.reason,
      ).toMatch(/leaf 20 is not yet covered by a signed tree head/);
      const range = await log.verifyRounds(
        { playerId: 'player-1' },
        { limit: 100 },
      );
      expect(range).toMatchObject({ checked: 21, notYetCovered: 1 });
      expect(range.failures.filter(f => f.check === 'inclusion')).toEqual([]);
      expect(await log.verifyLog({ limit: 100 })).toMatchObject({
        checked: 20,
        notYetCovered: 1,
        failures: [],
      });
      const bundle = await readExport(
        log.exportEvidence(
          { playerId: 'player-1' },
          { scope: 'p', limit: 100 },
        ),
      );
      expect(bundle.rounds).toHaveLength(20);
      expect(bundle.page).toEqual({
        after: null,
        limit: 100,
        next: null,
        notYetCovered: 1,
      });
      await expect(
        readExport(
          log.exportEvidence({ roundId: 'newer-0' }, { scope: 'r', limit: 1 }),
        ),
      ).rejects.toThrow(/not yet covered by a signed tree head/);
      expect(await heads()).toBe(before);
    });

    it('pages an evidence export with a cap', async () => {
      const { log } = await seededLog();
      const filter = { serverSeedHash: hashServerSeed('tamper-seed') };
      const first = await readExport(
        log.exportEvidence(filter, { scope: 's', limit: 8 }),
      );
      expect(first.rounds.map(r => r.leafIndex)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7,
      ]);
      expect(first.page?.next).toBe(7);
      const last = await readExport(
        log.exportEvidence(filter, { scope: 's', limit: 12, after: 7 }),
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

    it('names the leaf whose result was changed behind the portal', async () => {
      const { knex, log } = await seededLog();
      await disableAppendOnlyTriggers(knex);
      await knex('rounds').where({ leaf_index: 7 }).update({ result: '99.99' });
      const verification = await log.verifyRound('tamper-seed-7');
      expect(verification.checks.commitment.ok).toBe(true);
      expect(verification.checks.result.ok).toBe(false);
      expect(verification.checks.result.reason).toMatch(
        /differs from the recorded result 99.99/,
      );
      expect(verification.checks.inclusion.ok).toBe(false);
      expect(verification.checks.inclusion.reason).toMatch(
        /does not hash to leaf 7/,
      );
      const failures = await failuresOf(log);
      expect(failures.map(f => [f.leafIndex, f.roundId])).toEqual([
        [7, 'tamper-seed-7'],
      ]);
      expect(failures[0].reason).toMatch(/edited/);
    });

    it('names a deleted leaf', async () => {
      const { knex, log } = await seededLog();
      await disableAppendOnlyTriggers(knex);
      await knex('rounds').where({ leaf_index: 5 }).delete();
      const failures = await failuresOf(log);
      expect(failures).toEqual([
        {
          leafIndex: 5,
          roundId: null,
          check: 'leaf',
          reason: 'leaf 5 is missing: its round was deleted',
        },
      ]);
    });

    it('names a leaf where a forged round was inserted', async () => {
      const { knex, log } = await seededLog();
      await disableAppendOnlyTriggers(knex);
      // Make room at index 10 by moving its round past the end, then insert a forgery there.
      await knex('rounds').where({ leaf_index: 10 }).update({ leaf_index: 99 });
      const forged = makeRound('tamper-seed', 100, { roundId: 'forged' });
      const original = await knex('rounds').where({ leaf_index: 99 }).first();
      await knex('rounds').insert({
        ...original,
        leaf_index: 10,
        round_id: forged.roundId,
        nonce: 100,
        payout_minor: 1_000_000,
      });
      const failures = await failuresOf(log);
      expect(failures.map(f => [f.leafIndex, f.roundId])).toEqual([
        [10, 'forged'],
      ]);
    });

    it('names both leaves of two swapped rows', async () => {
      const { knex, log } = await seededLog();
      await disableAppendOnlyTriggers(knex);
      await knex('rounds')
        .where({ leaf_index: 3 })
        .update({ leaf_index: 1000 });
      await knex('rounds').where({ leaf_index: 12 }).update({ leaf_index: 3 });
      await knex('rounds')
        .where({ leaf_index: 1000 })
        .update({ leaf_index: 12 });
      const failures = await failuresOf(log);
      expect(failures.map(f => [f.leafIndex, f.roundId])).toEqual([
        [3, 'tamper-seed-12'],
        [12, 'tamper-seed-3'],
      ]);
      expect(failures[0].reason).toMatch(/swapped/);
    });

    it('publishes a checkpoint covering ingested rounds within its interval, without the schedule', async () => {
      const knex = await databases.init(databaseId);
      const { log } = await createLog(knex, { checkpointIntervalMs: 200 });
      try {
        await log.ingest([0, 1, 2].map(n => makeRound('publish-seed', n)));
        expect(await publishedSize(log, 3)).toBe(3);
        // Duplicates add nothing, so nothing new is signed.
        await log.ingest([makeRound('publish-seed', 2)]);
        await new Promise(r => setTimeout(r, 600));
        expect(await log.listTreeHeads(10)).toHaveLength(1);
        await log.ingest([makeRound('publish-seed', 3)]);
        expect(await publishedSize(log, 4)).toBe(4);
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
      await expect(log.signTreeHead()).rejects.toThrow(
        /not consistent with signed tree head/,
      );
    });

    it('exports evidence an offline verifier accepts', async () => {
      const { log, store } = await seededLog();
      const first = (await log.listTreeHeads(1))[0];
      await store.appendRounds([makeRound('second', 0)]);
      await log.signTreeHead();
      const bundle = await readExport(
        log.exportEvidence(
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
        const head = await log.signTreeHead();
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
    const final = (await log.signTreeHead({ force: true }))!;
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
      const proof = await log.consistencyProof(head.size, total);
      expect(
        verifyConsistency(head.size, total, hexToBytes(head.root), root, proof),
      ).toBe(true);
    }
    expect((await log.verifyLog({ limit: total })).failures).toEqual([]);
  });
});
