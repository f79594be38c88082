import { TestDatabases } from '@backstage/backend-test-utils';
import {
  bytesToHex,
  hexToBytes,
  rootHashFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '@internal/plugin-fairness-common';
import { createLog, makeRound } from '../__testUtils__/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'DatabaseFairnessStore on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      return { knex, ...(await createLog(knex)) };
    }

    it('appends rounds as consecutive leaves and stores the tree to answer proofs', async () => {
      const { store, log } = await setup();
      const rounds = Array.from({ length: 37 }, (_, n) =>
        makeRound('seed-a', n),
      );
      // In several batches, so the tree frontier is reloaded from the database.
      const results = [
        ...(await store.appendRounds(rounds.slice(0, 1))),
        ...(await store.appendRounds(rounds.slice(1, 16))),
        ...(await store.appendRounds(rounds.slice(16))),
      ];
      expect(results.map(r => r.leafIndex)).toEqual(rounds.map((_, i) => i));
      expect(await store.getTreeSize()).toBe(37);
      const leafHashes = (await store.getRoundsByLeafRange(0, 37)).map(r =>
        hexToBytes(r.leafHash),
      );
      for (let size = 1; size <= 37; size++) {
        const root = rootHashFromLeafHashes(leafHashes.slice(0, size));
        expect(bytesToHex(await log.rootAt(size))).toBe(bytesToHex(root));
        for (const leaf of [0, Math.floor(size / 2), size - 1]) {
          const proof = await log.inclusionProof(leaf, size);
          expect(
            verifyInclusion(leafHashes[leaf], leaf, size, proof, root),
          ).toBe(true);
        }
        for (const old of [1, Math.floor(size / 3), size]) {
          const proof = await log.consistencyProof(old, size);
          const oldRoot = rootHashFromLeafHashes(leafHashes.slice(0, old));
          expect(verifyConsistency(old, size, oldRoot, root, proof)).toBe(true);
        }
      }
    });

    it('answers identical resubmissions idempotently and refuses changed ones', async () => {
      const { store } = await setup();
      const rounds = [0, 1, 2].map(n => makeRound('seed-b', n));
      await store.appendRounds(rounds);
      expect(await store.appendRounds([rounds[1]])).toEqual([
        { roundId: rounds[1].roundId, leafIndex: 1, duplicate: true },
      ]);
      await expect(
        store.appendRounds([{ ...rounds[1], payoutMinor: 500 }]),
      ).rejects.toThrow(
        `rounds[0]: round '${rounds[1].roundId}' was already recorded with different payoutMinor`,
      );
      expect(await store.getTreeSize()).toBe(3);
    });

    it('refuses nonce reuse and regression, and writes nothing of a rejected batch', async () => {
      const { store } = await setup();
      await store.appendRounds([
        makeRound('seed-c', 5),
        makeRound('seed-c', 6),
      ]);
      await expect(
        store.appendRounds([
          makeRound('seed-d', 0),
          makeRound('seed-c', 6, { roundId: 'again' }),
        ]),
      ).rejects.toThrow(
        /rounds\[1\]: nonce 6 was already used in seed pair [0-9a-f]{64} by round 'seed-c-6'/,
      );
      await expect(
        store.appendRounds([makeRound('seed-c', 4)]),
      ).rejects.toThrow(
        /rounds\[0\]: nonce 4 goes backwards; seed pair [0-9a-f]{64} is already at nonce 6/,
      );
      await expect(
        store.appendRounds([makeRound('seed-e', 2), makeRound('seed-e', 1)]),
      ).rejects.toThrow(/rounds\[1\]: nonce 1 goes backwards/);
      await expect(
        store.appendRounds([makeRound('seed-c', 7, { clientSeed: 'other' })]),
      ).rejects.toThrow(
        /client seed 'other' does not match client seed 'client-seed'/,
      );
      expect(await store.getTreeSize()).toBe(2);
      expect(
        await store.getSeedPair(makeRound('seed-d', 0).serverSeedHash),
      ).toBeUndefined();
    });

    it('reveals only a seed that hashes to its commitment, then closes the pair', async () => {
      const { store } = await setup();
      const round = makeRound('seed-f', 0);
      await store.appendRounds([round]);
      await expect(
        store.revealSeed(round.serverSeedHash, 'not-the-seed'),
      ).rejects.toThrow(/serverSeed does not match the commitment/);
      const pair = await store.revealSeed(round.serverSeedHash, 'seed-f');
      expect(pair.serverSeed).toBe('seed-f');
      await expect(
        store.appendRounds([makeRound('seed-f', 1)]),
      ).rejects.toThrow(/was revealed/);
    });

    it('refuses UPDATE and DELETE on every log table', async () => {
      const { knex, store, log } = await setup();
      await store.appendRounds([0, 1, 2].map(n => makeRound('seed-g', n)));
      await store.revealSeed(makeRound('seed-g', 0).serverSeedHash, 'seed-g');
      await log.signTreeHead();
      for (const table of [
        'rounds',
        'seed_pairs',
        'seed_reveals',
        'tree_nodes',
        'tree_heads',
      ]) {
        const outcome = await knex(table)
          .delete()
          .then(
            n => `${table}: deleted ${n}`,
            e => `${table}: ${e?.constructor?.name} ${e?.message}`,
          );
        expect(outcome).toMatch(/append-only/);
      }
      const refused = (query: PromiseLike<unknown>) =>
        Promise.resolve(query).then(
          () => 'accepted',
          (e: Error) => e.message,
        );
      expect(await refused(knex('rounds').update({ payout_minor: 1 }))).toMatch(
        /append-only/,
      );
      expect(await refused(knex('tree_heads').update({ note: 'x' }))).toMatch(
        /append-only/,
      );
      expect(await refused(knex('tree_nodes').update({ hash: 'x' }))).toMatch(
        /append-only/,
      );
      expect(await store.getTreeSize()).toBe(3);
    });

    it('migrates down and up again', async () => {
      const knex = await databases.init(databaseId);
      await createLog(knex);
      await knex.migrate.rollback(
        { directory: `${__dirname}/../../migrations` },
        true,
      );
      expect(await knex.schema.hasTable('rounds')).toBe(false);
      await createLog(knex);
      expect(await knex.schema.hasTable('rounds')).toBe(true);
    });
  },
);
