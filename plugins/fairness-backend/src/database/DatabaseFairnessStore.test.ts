import { TestDatabases } from '@backstage/backend-test-utils';
import {
  bytesToHex,
  hexToBytes,
  rootHashFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '@internal/plugin-fairness-common';
import knexFactory, { Knex } from 'knex';
import { createLog, makeRound } from '../__testUtils__/fixtures';
import { DatabaseFairnessStore } from './DatabaseFairnessStore';

jest.setTimeout(60_000);

const OWNER = 'demo-game-server';
const migrationsDir = `${__dirname}/../../migrations`;

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
        expect(bytesToHex(await log.reader.rootAt(size))).toBe(
          bytesToHex(root),
        );
        for (const leaf of [0, Math.floor(size / 2), size - 1]) {
          const proof = await log.reader.inclusionProof(leaf, size);
          expect(
            verifyInclusion(leafHashes[leaf], leaf, size, proof, root),
          ).toBe(true);
        }
        for (const old of [1, Math.floor(size / 3), size]) {
          const proof = await log.reader.consistencyProof(old, size);
          const oldRoot = rootHashFromLeafHashes(leafHashes.slice(0, old));
          expect(verifyConsistency(old, size, oldRoot, root, proof)).toBe(true);
        }
      }
    });

    it('stores strings exactly, array syntax and the word NULL included', async () => {
      const { store } = await setup();
      // PostgreSQL receives each column as one array: its element syntax
      // ({ } , " \\ and NULL) must arrive as plain text.
      const awkward = ['NULL', '{"a,b"}', 'back\\slash "quoted"', ' ', 'é😀'];
      const rounds = awkward.map((text, n) =>
        makeRound(`seed-${text}`, 0, {
          roundId: `${text}-${n}`,
          playerId: text,
          clientSeed: text,
          currency: 'EUR',
        }),
      );
      await store.appendRounds(rounds);
      for (const [n, text] of awkward.entries()) {
        expect(await store.getRound(`${text}-${n}`)).toMatchObject({
          playerId: text,
          clientSeed: text,
          leafIndex: n,
        });
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

    it('group-commits concurrent batches: a refused one fails alone and writes nothing', async () => {
      const { store } = await setup();
      await store.appendRounds([makeRound('seed-gc', 0)]);
      // Sent at once, these wait for the same transaction.
      const [first, conflicting, duplicate, reused] = await Promise.allSettled([
        store.appendRounds([makeRound('gc-a', 0), makeRound('gc-a', 1)]),
        store.appendRounds([
          makeRound('gc-b', 0),
          makeRound('seed-gc', 0, { payoutMinor: 7 }),
        ]),
        store.appendRounds([makeRound('gc-a', 1), makeRound('gc-c', 0)]),
        store.appendRounds([makeRound('gc-a', 1, { roundId: 'reuse' })]),
      ]);
      expect(first).toEqual({
        status: 'fulfilled',
        value: [
          { roundId: 'gc-a-0', leafIndex: 1, duplicate: false },
          { roundId: 'gc-a-1', leafIndex: 2, duplicate: false },
        ],
      });
      expect(conflicting).toMatchObject({
        status: 'rejected',
        reason: {
          name: 'ConflictError',
          message: `rounds[1]: round 'seed-gc-0' was already recorded with different payoutMinor`,
        },
      });
      // A batch sees the accepted batches of its group, not the refused one.
      expect(duplicate).toEqual({
        status: 'fulfilled',
        value: [
          { roundId: 'gc-a-1', leafIndex: 2, duplicate: true },
          { roundId: 'gc-c-0', leafIndex: 3, duplicate: false },
        ],
      });
      expect(reused).toMatchObject({
        status: 'rejected',
        reason: {
          name: 'ConflictError',
          message: expect.stringMatching(
            /^rounds\[0\]: nonce 1 was already used in seed pair [0-9a-f]{64} by round 'gc-a-1'$/,
          ),
        },
      });
      expect(await store.getTreeSize()).toBe(4);
      expect(await store.getRound('gc-b-0')).toBeUndefined();
      expect(
        await store.getSeedPair(makeRound('gc-b', 0).serverSeedHash),
      ).toBeUndefined();
    });

    it('reveals only a seed that hashes to its commitment, then closes the pair', async () => {
      const { store } = await setup();
      const round = makeRound('seed-f', 0);
      await store.appendRounds([round]);
      await expect(
        store.revealSeed(round.serverSeedHash, 'not-the-seed', OWNER),
      ).rejects.toThrow(/serverSeed does not match the commitment/);
      const pair = await store.revealSeed(
        round.serverSeedHash,
        'seed-f',
        OWNER,
      );
      expect(pair.serverSeed).toBe('seed-f');
      await expect(
        store.appendRounds([makeRound('seed-f', 1)]),
      ).rejects.toThrow(/was revealed/);
    });

    it('lets only the owning game server append to, commit or reveal a seed pair', async () => {
      const { store } = await setup();
      const mine = makeRound('owned', 0);
      await store.appendRounds([mine]);
      const intruder = makeRound('owned', 1, { gameServerId: 'game-server-b' });
      await expect(store.appendRounds([intruder])).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: `rounds[0]: seed pair ${mine.serverSeedHash} belongs to game server '${OWNER}'`,
      });
      await expect(
        store.commitSeed({
          serverSeedHash: mine.serverSeedHash,
          clientSeed: mine.clientSeed,
          gameServerId: 'game-server-b',
        }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: `seed pair ${mine.serverSeedHash} belongs to game server '${OWNER}'`,
      });
      await expect(
        store.revealSeed(mine.serverSeedHash, 'owned', 'game-server-b'),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: `seed pair ${mine.serverSeedHash} belongs to game server '${OWNER}'`,
      });
      // The owner carries on at the next nonce as if nothing happened.
      expect(await store.appendRounds([makeRound('owned', 1)])).toEqual([
        { roundId: 'owned-1', leafIndex: 1, duplicate: false },
      ]);
      expect(
        (await store.revealSeed(mine.serverSeedHash, 'owned', OWNER))
          .serverSeed,
      ).toBe('owned');
      // A pre-committed pair belongs to whoever committed it.
      const b = makeRound('b-seed', 0, { gameServerId: 'game-server-b' });
      await store.commitSeed({
        serverSeedHash: b.serverSeedHash,
        clientSeed: b.clientSeed,
        gameServerId: 'game-server-b',
      });
      await expect(
        store.appendRounds([makeRound('b-seed', 0)]),
      ).rejects.toThrow(`belongs to game server 'game-server-b'`);
      expect(await store.appendRounds([b])).toHaveLength(1);
    });

    it('refuses a round that would not read back as sent, the identical retry too', async () => {
      const { store } = await setup();
      for (const [field, value] of [
        ['playerId', 'x\ud800'],
        ['roundId', 'r-\udc00'],
        ['clientSeed', 'c\ud83d'],
      ] as const) {
        const round = makeRound('surrogate', 0, { [field]: value });
        for (let attempt = 0; attempt < 2; attempt++) {
          await expect(store.appendRounds([round])).rejects.toMatchObject({
            name: 'InputError',
            message: `rounds[0]: ${field} would not be stored exactly as sent, so the stored round would not hash to its leaf`,
          });
        }
      }
      expect(await store.getTreeSize()).toBe(0);
      // Well-formed astral characters are fine.
      await store.appendRounds([
        makeRound('surrogate', 0, { playerId: 'player-🎲' }),
      ]);
      expect((await store.getRound('surrogate-0'))?.playerId).toBe('player-🎲');
    });

    it('refuses UPDATE and DELETE on every log table', async () => {
      const { knex, store, log } = await setup();
      await store.appendRounds([0, 1, 2].map(n => makeRound('seed-g', n)));
      await store.revealSeed(
        makeRound('seed-g', 0).serverSeedHash,
        'seed-g',
        OWNER,
      );
      await log.treeHeads.signTreeHead();
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

    it('searches by id prefix, game server, player, game and time, newest first, with a total', async () => {
      const knex = await databases.init(databaseId);
      const { store } = await createLog(knex);
      await store.appendRounds([
        makeRound('s', 0, { roundId: 'Abc_1' }),
        makeRound('s', 1, { roundId: 'abc%2' }),
        makeRound('t', 0, {
          roundId: 'abc%3',
          gameServerId: 'server-b',
          playedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 2)).toISOString(),
        }),
        makeRound('s', 3, { roundId: 'xyz-4', playerId: 'player-2' }),
      ]);
      const ids = async (filter: object) =>
        (await store.searchRounds({ ...filter, limit: 10 })).map(
          r => r.roundId,
        );
      // case-sensitive, and % / _ are plain characters, not wildcards
      expect(await ids({ roundIdPrefix: 'abc%' })).toEqual(['abc%3', 'abc%2']);
      expect(await ids({ roundIdPrefix: 'Abc_' })).toEqual(['Abc_1']);
      expect(await ids({ roundIdPrefix: 'abc_' })).toEqual([]);
      expect(await ids({ gameServerId: 'server-b' })).toEqual(['abc%3']);
      expect(await ids({ playerId: 'player-2' })).toEqual(['xyz-4']);
      expect(await ids({ game: 'limbo' })).toEqual(['abc%2']);
      expect(await ids({ game: 'dice' })).toEqual(['abc%3', 'Abc_1']);
      expect(
        await ids({
          from: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 1)).toISOString(),
          to: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 3)).toISOString(),
        }),
      ).toEqual(['abc%3', 'abc%2']);
      expect(await store.countRounds({ roundIdPrefix: 'abc' })).toBe(2);
      expect(await store.countRounds({})).toBe(4);

      const serverIndex = async () =>
        knex.client.config.client === 'pg'
          ? (
              await knex.raw(
                "SELECT 1 FROM pg_indexes WHERE indexname = 'rounds_game_server_idx'",
              )
            ).rows.length
          : (
              await knex.raw(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'rounds_game_server_idx'",
              )
            ).length;
      expect(await serverIndex()).toBe(1);
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

    it('drops the index on game alone, and restores it on the way down', async () => {
      const knex = await databases.init(databaseId);
      const { store } = await createLog(knex);
      await store.appendRounds([makeRound('kept', 0)]);
      const roundsIndexes = async (): Promise<string[]> =>
        (knex.client.config.client === 'pg'
          ? (
              await knex.raw(
                "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'rounds'",
              )
            ).rows
          : await knex.raw(
              "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rounds' AND name NOT LIKE 'sqlite_autoindex%'",
            )
        )
          .map((r: { name: string }) => r.name)
          .filter((n: string) => n !== 'rounds_pkey')
          .sort();
      const kept = [
        'rounds_game_server_idx',
        'rounds_played_at_idx',
        'rounds_player_idx',
        'rounds_round_id_unique',
        'rounds_seed_nonce_uniq',
      ];
      expect(await roundsIndexes()).toEqual(kept);
      await knex.migrate.down({
        directory: migrationsDir,
        name: '20261203140000_drop_rounds_game_index.js',
      });
      expect(await roundsIndexes()).toContain('rounds_game_idx');
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await roundsIndexes()).not.toContain('rounds_game_idx');
      expect(await store.searchRounds({ game: 'dice', limit: 10 })).toEqual([
        expect.objectContaining({ roundId: 'kept-0' }),
      ]);
    });

    it('migrates the seed pair owner index down and up again', async () => {
      const knex = await databases.init(databaseId);
      const { store } = await createLog(knex);
      await store.appendRounds([makeRound('kept', 0)]);
      const ownerIndex = async () =>
        knex.client.config.client === 'pg'
          ? (
              await knex.raw(
                "SELECT 1 FROM pg_indexes WHERE indexname = 'seed_pairs_owner_idx'",
              )
            ).rows.length
          : (
              await knex.raw(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'seed_pairs_owner_idx'",
              )
            ).length;
      expect(await ownerIndex()).toBe(1);
      await knex.migrate.down({
        directory: migrationsDir,
        name: '20261202000000_seed_pair_owner.js',
      });
      expect(await ownerIndex()).toBe(0);
      expect(await knex('seed_pairs').count({ n: '*' })).toEqual([
        { n: knex.client.config.client === 'pg' ? '1' : 1 },
      ]);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await ownerIndex()).toBe(1);
      // The append-only triggers survive the round trip.
      const triggers =
        knex.client.config.client === 'pg'
          ? (
              await knex.raw(
                "SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'seed_pairs'::regclass AND NOT tgisinternal",
              )
            ).rows
          : await knex.raw(
              "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'seed_pairs'",
            );
      expect(triggers.map((t: { name: string }) => t.name).sort()).toEqual(
        knex.client.config.client === 'pg'
          ? ['seed_pairs_append_only', 'seed_pairs_no_truncate']
          : ['seed_pairs_no_delete', 'seed_pairs_no_update'],
      );
    });
  },
);

const pg = TestDatabases.create({ ids: ['POSTGRES_15'] });
const pgIds = pg.eachSupportedId();
// Two replicas need a shared lock only PostgreSQL has; skipped without it.
const describeOnPostgres = pgIds.length
  ? describe.each(pgIds)
  : describe.skip.each([['POSTGRES_15' as const]]);

describeOnPostgres('two replicas on %p', databaseId => {
  const clients: Knex[] = [];
  afterAll(async () => {
    await Promise.all(clients.map(c => c.destroy()));
  });

  it('serialize appends through the advisory lock: no lost, duplicate or failed leaf', async () => {
    const first = await pg.init(databaseId);
    // A second connection pool to the same database, as another backend
    // replica would have: the in-process mutex does not reach it.
    const second = knexFactory({
      client: 'pg',
      connection: first.client.config.connection,
      pool: { min: 0, max: 5 },
    });
    clients.push(second);
    const replicas = [
      await DatabaseFairnessStore.create({
        database: { getClient: async () => first, migrations: { skip: false } },
      }),
      await DatabaseFairnessStore.create({
        database: { getClient: async () => second, migrations: { skip: true } },
      }),
    ];
    const WRITERS = 8; // per replica
    const BATCHES = 10;
    const BATCH = 10;
    await Promise.all(
      replicas.flatMap((store, r) =>
        Array.from({ length: WRITERS }, async (_, w) => {
          for (let b = 0; b < BATCHES; b++) {
            await store.appendRounds(
              Array.from({ length: BATCH }, (__, i) =>
                makeRound(`replica-${r}-writer-${w}`, b * BATCH + i),
              ),
            );
          }
        }),
      ),
    );
    const total = 2 * WRITERS * BATCHES * BATCH;
    const [store] = replicas;
    expect(await store.getTreeSize()).toBe(total);
    const rows = await store.getRoundsByLeafRange(0, total);
    expect(rows.map(r => r.leafIndex)).toEqual(
      Array.from({ length: total }, (_, i) => i),
    );
    const root = rootHashFromLeafHashes(rows.map(r => hexToBytes(r.leafHash)));
    const { log } = await createLog(first);
    expect(bytesToHex(await log.reader.rootAt(total))).toBe(bytesToHex(root));
  });
});
