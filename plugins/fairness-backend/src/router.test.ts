/*
 * The fairness routes through a real backend: the real auth, httpAuth and
 * permissions services, static externalAccess tokens for two game servers,
 * and signed-in users whose tokens are verified against a JWKS like the
 * auth backend's. Only the permission policy is a stand-in (fairness.* for
 * the auditor, as packages/backend's policy grants it).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import http from 'node:http';
import request from 'supertest';
import { hashServerSeed } from '@internal/plugin-fairness-common';
import { makeRound } from './__testUtils__/fixtures';
import { AUDITOR, userBearer } from './__testUtils__/realAuth';
import { PortalToken, startPortal } from './__testUtils__/testPortal';

jest.setTimeout(60_000);

const TOKENS = {
  a: 'game-server-a-test-token-0123456789',
  b: 'game-server-b-test-token-0123456789',
  roundsOnly: 'rounds-only-test-token-0123456789',
  unrestricted: 'unrestricted-test-token-0123456789',
};
const ALL_WRITES = [
  'fairness.round.ingest',
  'fairness.seed.commit',
  'fairness.seed.reveal',
];
const gameServer = (
  token: string,
  subject: string,
  permission: string[],
): PortalToken => ({ token, subject, permission });

// The auditor's claims under another key: the signature must not verify.
const FORGED = userBearer(AUDITOR).replace(
  /\.[^.]+$/,
  `.${sign('sha256', Buffer.from('x'), {
    key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    dsaEncoding: 'ieee-p1363',
  }).toString('base64url')}`,
);
const USERS = {
  auditor: userBearer(AUDITOR),
  developer: userBearer('user:default/developer'),
};

describe('fairness routes with real authentication', () => {
  let server: http.Server;
  let seq = 0;
  const api = () => request(server);
  const as = (token: string) => `Bearer ${token}`;
  /** A fresh seed owned by game server `owner` ('a' or 'b'), one round logged. */
  async function seedOf(owner: 'a' | 'b') {
    const seed = `seed-${owner}-${seq++}`;
    const round = makeRound(seed, 0, { gameServerId: `game-server-${owner}` });
    const res = await api()
      .post('/api/fairness/rounds')
      .set('Authorization', as(TOKENS[owner]))
      .send(round);
    expect(res.status).toBe(201);
    return { seed, hash: round.serverSeedHash, round };
  }

  beforeAll(async () => {
    ({ server } = await startPortal({
      tokens: [
        gameServer(TOKENS.a, 'game-server-a', ALL_WRITES),
        gameServer(TOKENS.b, 'game-server-b', ALL_WRITES),
        gameServer(TOKENS.roundsOnly, 'game-server-c', [
          'fairness.round.ingest',
        ]),
        { token: TOKENS.unrestricted, subject: 'unrestricted-tool' },
      ],
    }));
  });

  describe('game-server writes', () => {
    it('POST /rounds: 401 without a token, own seed 201, another server’s seed 403 naming the owner', async () => {
      const { seed, hash } = await seedOf('a');
      const next = makeRound(seed, 1, { gameServerId: 'game-server-a' });
      expect((await api().post('/api/fairness/rounds').send(next)).status).toBe(
        401,
      );
      const intruder = await api()
        .post('/api/fairness/rounds')
        .set('Authorization', as(TOKENS.b))
        .send({ ...next, gameServerId: 'game-server-b' });
      expect(intruder.status).toBe(403);
      expect(intruder.body.error.message).toBe(
        `rounds[0]: seed pair ${hash} belongs to game server 'game-server-a'`,
      );
      const impostor = await api()
        .post('/api/fairness/rounds')
        .set('Authorization', as(TOKENS.b))
        .send(next);
      expect(impostor.status).toBe(403);
      expect(impostor.body.error.message).toMatch(
        /gameServerId 'game-server-a' is not the authenticated game server 'game-server-b'/,
      );
      // The owner's next nonce is untouched by the attempts.
      const own = await api()
        .post('/api/fairness/rounds')
        .set('Authorization', as(TOKENS.a))
        .send(next);
      expect(own.status).toBe(201);
    });

    it('POST /rounds/batch: own seed 201, one round into another server’s seed refuses the batch', async () => {
      const { seed } = await seedOf('a');
      const { hash: bHash, seed: bSeed } = await seedOf('b');
      expect(
        (
          await api()
            .post('/api/fairness/rounds/batch')
            .send({ rounds: [makeRound(seed, 1)] })
        ).status,
      ).toBe(401);
      const rounds = [
        makeRound(seed, 1, { gameServerId: 'game-server-a' }),
        makeRound(bSeed, 1, {
          gameServerId: 'game-server-a',
          clientSeed: 'client-seed',
        }),
      ];
      const mixed = await api()
        .post('/api/fairness/rounds/batch')
        .set('Authorization', as(TOKENS.a))
        .send({ rounds });
      expect(mixed.status).toBe(403);
      expect(mixed.body.error.message).toBe(
        `rounds[1]: seed pair ${bHash} belongs to game server 'game-server-b'`,
      );
      const own = await api()
        .post('/api/fairness/rounds/batch')
        .set('Authorization', as(TOKENS.a))
        .send({ rounds: [rounds[0]] });
      expect(own.status).toBe(201);
    });

    it('POST /seeds: own commitment 201, another server’s commitment 403', async () => {
      const hash = hashServerSeed(`committed-${seq++}`);
      const body = {
        serverSeedHash: hash,
        clientSeed: 'c',
        gameServerId: 'game-server-a',
      };
      expect((await api().post('/api/fairness/seeds').send(body)).status).toBe(
        401,
      );
      const own = await api()
        .post('/api/fairness/seeds')
        .set('Authorization', as(TOKENS.a))
        .send(body);
      expect(own.status).toBe(201);
      expect(own.body.gameServerId).toBe('game-server-a');
      const other = await api()
        .post('/api/fairness/seeds')
        .set('Authorization', as(TOKENS.b))
        .send({ ...body, gameServerId: 'game-server-b' });
      expect(other.status).toBe(403);
      expect(other.body.error.message).toBe(
        `seed pair ${hash} belongs to game server 'game-server-a'`,
      );
      const onBehalf = await api()
        .post('/api/fairness/seeds')
        .set('Authorization', as(TOKENS.a))
        .send({
          ...body,
          serverSeedHash: hashServerSeed(`for-b-${seq++}`),
          gameServerId: 'game-server-b',
        });
      expect(onBehalf.status).toBe(403);
    });

    it('POST /seeds/reveal: own seed 200, another server’s seed 403', async () => {
      const { seed, hash } = await seedOf('a');
      const body = { serverSeedHash: hash, serverSeed: seed };
      expect(
        (await api().post('/api/fairness/seeds/reveal').send(body)).status,
      ).toBe(401);
      const other = await api()
        .post('/api/fairness/seeds/reveal')
        .set('Authorization', as(TOKENS.b))
        .send(body);
      expect(other.status).toBe(403);
      expect(other.body.error.message).toBe(
        `seed pair ${hash} belongs to game server 'game-server-a'`,
      );
      const own = await api()
        .post('/api/fairness/seeds/reveal')
        .set('Authorization', as(TOKENS.a))
        .send(body);
      expect(own.status).toBe(200);
      expect(own.body.serverSeed).toBe(seed);
    });

    it('holds each token to the permissions its accessRestrictions name', async () => {
      const hash = hashServerSeed(`restricted-${seq++}`);
      const commit = await api()
        .post('/api/fairness/seeds')
        .set('Authorization', as(TOKENS.roundsOnly))
        .send({
          serverSeedHash: hash,
          clientSeed: 'c',
          gameServerId: 'game-server-c',
        });
      expect(commit.status).toBe(403);
      expect(commit.body.error.message).toBe(
        "Missing permission 'fairness.seed.commit'",
      );
      const reveal = await api()
        .post('/api/fairness/seeds/reveal')
        .set('Authorization', as(TOKENS.roundsOnly))
        .send({ serverSeedHash: hash, serverSeed: 'x' });
      expect(reveal.status).toBe(403);
      expect(reveal.body.error.message).toBe(
        "Missing permission 'fairness.seed.reveal'",
      );
      const ingest = await api()
        .post('/api/fairness/rounds')
        .set('Authorization', as(TOKENS.roundsOnly))
        .send(makeRound(`c-${seq++}`, 0, { gameServerId: 'game-server-c' }));
      expect(ingest.status).toBe(201);
    });

    it('refuses unrestricted service tokens and users on every write', async () => {
      const round = makeRound(`u-${seq++}`, 0, {
        gameServerId: 'unrestricted-tool',
      });
      for (const path of ['/rounds', '/seeds', '/seeds/reveal']) {
        const res = await api()
          .post(`/api/fairness${path}`)
          .set('Authorization', as(TOKENS.unrestricted))
          .send(round);
        expect([path, res.status, res.body.error.message]).toEqual([
          path,
          403,
          "'unrestricted-tool' is not a game server: only externalAccess tokens restricted to the fairness plugin may write to the log",
        ]);
        for (const user of Object.values(USERS)) {
          const asUser = await api()
            .post(`/api/fairness${path}`)
            .set('Authorization', user)
            .send(round);
          expect([path, asUser.status]).toEqual([path, 403]);
        }
      }
    });
  });

  describe('reads, exports and signing', () => {
    let roundId: string;
    let hash: string;
    beforeAll(async () => {
      const logged = await seedOf('a');
      roundId = logged.round.roundId;
      hash = logged.hash;
      await api()
        .post('/api/fairness/seeds/reveal')
        .set('Authorization', as(TOKENS.a))
        .send({ serverSeedHash: hash, serverSeed: logged.seed });
      const signed = await api()
        .post('/api/fairness/tree-heads')
        .set('Authorization', USERS.auditor);
      if (signed.status !== 201) throw new Error(`signing: ${signed.status}`);
    });

    const reads = () => [
      '/rounds',
      `/rounds/${roundId}`,
      `/rounds/${roundId}/verification`,
      `/seeds/${hash}`,
      `/verification/rounds?serverSeedHash=${hash}`,
      '/verification/log',
      '/proofs/inclusion?leafIndex=0&treeSize=1',
      '/proofs/consistency?from=1&to=1',
      '/tree-heads/latest',
      '/tree-heads',
      '/public-key',
      `/evidence?roundId=${roundId}`,
    ];

    it('answers every read: no token 401, game servers 403, developer 403, auditor 200', async () => {
      for (const path of reads()) {
        const url = `/api/fairness${path}`;
        const statuses = {
          none: (await api().get(url)).status,
          a: (await api().get(url).set('Authorization', as(TOKENS.a))).status,
          b: (await api().get(url).set('Authorization', as(TOKENS.b))).status,
          unrestricted: (
            await api().get(url).set('Authorization', as(TOKENS.unrestricted))
          ).status,
          developer: (
            await api().get(url).set('Authorization', USERS.developer)
          ).status,
          forged: (await api().get(url).set('Authorization', FORGED)).status,
          auditor: (await api().get(url).set('Authorization', USERS.auditor))
            .status,
        };
        expect({ path, ...statuses }).toEqual({
          path,
          none: 401,
          a: 403,
          b: 403,
          unrestricted: 403,
          developer: 403,
          forged: 401,
          auditor: 200,
        });
      }
    });

    it('POST /tree-heads: only auditors sign; 200 with the latest head when nothing is new', async () => {
      const url = '/api/fairness/tree-heads';
      expect((await api().post(url)).status).toBe(401);
      for (const token of Object.values(TOKENS)) {
        expect(
          (await api().post(url).set('Authorization', as(token))).status,
        ).toBe(403);
      }
      expect(
        (await api().post(url).set('Authorization', USERS.developer)).status,
      ).toBe(403);
      const again = await api().post(url).set('Authorization', USERS.auditor);
      expect(again.status).toBe(200);
      expect(again.body.note).toMatch(/^test\.example\/fairness-log\n/);
    });

    it('browses rounds newest first with a total, by id prefix and game server, marking what the signed head covers', async () => {
      const all = await api()
        .get('/api/fairness/rounds?limit=1')
        .set('Authorization', USERS.auditor);
      expect(all.status).toBe(200);
      expect(all.body.total).toBeGreaterThanOrEqual(1);
      expect(all.body.signedTreeSize).toBeGreaterThanOrEqual(1);
      const byPrefix = await api()
        .get(
          `/api/fairness/rounds?roundIdPrefix=${encodeURIComponent(
            roundId.slice(0, -1),
          )}&gameServerId=game-server-a`,
        )
        .set('Authorization', USERS.auditor);
      expect(byPrefix.body.items.map((r: any) => r.roundId)).toContain(roundId);
      expect(byPrefix.body.total).toBe(byPrefix.body.items.length);
      const otherServer = await api()
        .get(`/api/fairness/rounds?roundIdPrefix=${roundId}&gameServerId=zz`)
        .set('Authorization', USERS.auditor);
      expect(otherServer.body).toMatchObject({ items: [], total: 0 });
      for (const [query, field] of [
        ['roundIdPrefix=', 'roundIdPrefix'],
        ['gameServerId=', 'gameServerId'],
        ['game=poker', 'game'],
        ['from=yesterday', 'from'],
      ]) {
        const res = await api()
          .get(`/api/fairness/rounds?${query}`)
          .set('Authorization', USERS.auditor);
        expect([query, res.status]).toEqual([query, 400]);
        expect(res.body.error.message).toContain(`${field}:`);
      }
    });

    it('verifies and exports a round for the auditor', async () => {
      const verification = await api()
        .get(`/api/fairness/rounds/${roundId}/verification`)
        .set('Authorization', USERS.auditor);
      expect(verification.body.ok).toBe(true);
      const evidence = await api()
        .get(`/api/fairness/evidence?roundId=${roundId}`)
        .set('Authorization', USERS.auditor);
      expect(evidence.headers['content-disposition']).toBe(
        `attachment; filename="fairness-evidence-${roundId}.json"`,
      );
      expect(evidence.body.rounds).toHaveLength(1);
      expect(evidence.body.page).toMatchObject({ next: null });
    });

    it('serves the cached newest pages to auditors only, and new rounds and heads at once', async () => {
      const get = (path: string, auth: string) =>
        api().get(`/api/fairness${path}`).set('Authorization', auth);
      // the auditor's reads fill the cache ...
      const first = await get('/rounds?limit=3', USERS.auditor);
      expect(first.status).toBe(200);
      expect((await get('/tree-heads?limit=3', USERS.auditor)).status).toBe(
        200,
      );
      // ... which nobody else reads from
      for (const path of ['/rounds?limit=3', '/tree-heads?limit=3']) {
        expect([path, (await get(path, USERS.developer)).status]).toEqual([
          path,
          403,
        ]);
        expect([path, (await get(path, FORGED)).status]).toEqual([path, 401]);
        expect([path, (await get(path, as(TOKENS.a))).status]).toEqual([
          path,
          403,
        ]);
      }
      // the same page again is a 304 for a client that has it
      const again = await get('/rounds?limit=3', USERS.auditor).set(
        'If-None-Match',
        first.headers.etag,
      );
      expect(again.status).toBe(304);

      const { round } = await seedOf('b');
      const newer = await get('/rounds?limit=3', USERS.auditor);
      expect(newer.body.items[0]).toMatchObject({ roundId: round.roundId });
      expect(newer.body.total).toBe(first.body.total + 1);
      expect(newer.body.signedTreeSize).toBe(first.body.signedTreeSize);
      // identical to what a filtered read of the same rounds says
      const filtered = await get(
        `/rounds?limit=1&roundId=${round.roundId}`,
        USERS.auditor,
      );
      expect(newer.body.items[0]).toEqual(filtered.body.items[0]);

      const signed = await api()
        .post('/api/fairness/tree-heads')
        .set('Authorization', USERS.auditor);
      expect(signed.status).toBe(201);
      expect(
        (await get('/rounds?limit=3', USERS.auditor)).body.signedTreeSize,
      ).toBe(newer.body.total);
      const heads = await get('/tree-heads?limit=3', USERS.auditor);
      expect(heads.body.items[0]).toMatchObject({
        id: signed.body.id,
        treeSize: newer.body.total,
      });
    });
  });

  describe('hostile input', () => {
    const post = (path: string, body: string | object) =>
      api()
        .post(`/api/fairness${path}`)
        .set('Authorization', as(TOKENS.a))
        .set('Content-Type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));
    const mine = (overrides: object = {}) =>
      makeRound(`hostile-${seq++}`, 0, {
        gameServerId: 'game-server-a',
        ...overrides,
      });

    it('names every bad field and writes nothing of a bad batch', async () => {
      const good = mine();
      const res = await post('/rounds/batch', {
        rounds: [
          good,
          { ...mine(), nonce: -1, currency: 'eur' },
          { ...mine(), game: 'plinko', gameParams: { rows: 20, risk: 'low' } },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('rounds[1].nonce');
      expect(res.body.error.message).toContain('rounds[1].currency');
      const missing = await post('/rounds', {
        ...good,
        playedAt: undefined,
        extra: 1,
      });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/playedAt/);
      expect(missing.body.error.message).toMatch(/extra/);
      const found = await api()
        .get(`/api/fairness/rounds?roundId=${good.roundId}`)
        .set('Authorization', USERS.auditor);
      expect(found.body.items).toEqual([]);
    });

    it('refuses ill-formed Unicode in every string with 400 naming the field', async () => {
      const cases: Array<[string, string, object]> = [
        ['/rounds', 'playerId', mine({ playerId: 'x\ud800' })],
        ['/rounds', 'roundId', mine({ roundId: 'r\udc00' })],
        ['/rounds', 'clientSeed', mine({ clientSeed: '\ud83d' })],
        ['/rounds', 'currency', mine({ currency: 'EU\ud800' })],
        ['/rounds', 'gameParams (key)', mine({ gameParams: { 'k\ud800': 1 } })],
        [
          '/rounds/batch',
          'rounds[1].gameServerId',
          { rounds: [mine(), mine({ gameServerId: 'game-server-a\udfff' })] },
        ],
        [
          '/seeds',
          'clientSeed',
          {
            serverSeedHash: hashServerSeed('u'),
            clientSeed: 'c\ud800',
            gameServerId: 'game-server-a',
          },
        ],
        [
          '/seeds/reveal',
          'serverSeed',
          { serverSeedHash: hashServerSeed('u'), serverSeed: 's\ud800' },
        ],
      ];
      for (const [path, field, body] of cases) {
        // JSON.stringify writes a lone surrogate as a \uXXXX escape.
        const res = await post(path, body);
        expect([field, res.status, res.body.error?.message]).toEqual([
          field,
          400,
          `${field}: is not well-formed Unicode (lone surrogate); it cannot be stored as UTF-8 and would no longer hash to its leaf`,
        ]);
      }
      const nul = await post('/rounds', mine({ playerId: 'a\u0000b' }));
      expect(nul.status).toBe(400);
      expect(nul.body.error.message).toBe(
        'playerId: must not contain NUL characters',
      );
      // A well-formed astral character is fine.
      expect(
        (await post('/rounds', mine({ playerId: 'player-🎰' }))).status,
      ).toBe(201);
    });

    it('refuses keno and mines results that repeat a number', async () => {
      const keno = await post(
        '/rounds',
        mine({ game: 'keno', result: [1, 2, 3, 4, 5, 6, 7, 8, 9, 9] }),
      );
      expect(keno.status).toBe(400);
      expect(keno.body.error.message).toMatch(
        /result\[9\]: repeats 9; the numbers are drawn without replacement/,
      );
      const mines = await post(
        '/rounds',
        mine({ game: 'mines', gameParams: { mines: 3 }, result: [4, 4, 7] }),
      );
      expect(mines.status).toBe(400);
      expect(mines.body.error.message).toMatch(/result\[1\]: repeats 4/);
    });

    it('accepts the bet a payout is checked against and refuses a bad one naming the field', async () => {
      const ok = [
        { game: 'dice', gameParams: { target: 50.5, direction: 'over' } },
        { game: 'limbo', gameParams: { target: 2 }, result: 3 },
        { game: 'crash', gameParams: { cashout: 1.5 }, result: 2 },
        { game: 'roulette', gameParams: { bet: 'straight-36' }, result: 3 },
        {
          game: 'keno',
          gameParams: { picks: [1, 2, 40] },
          result: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        },
        {
          game: 'mines',
          gameParams: { mines: 2, picks: [0, 1] },
          result: [4, 7],
        },
      ];
      for (const overrides of ok) {
        const res = await post('/rounds', mine(overrides));
        expect([overrides.game, res.status]).toEqual([overrides.game, 201]);
      }
      const bad: Array<[string, object]> = [
        ['gameParams.direction', { gameParams: { target: 50.5 } }],
        [
          'gameParams.target',
          { gameParams: { target: 99.5, direction: 'over' } },
        ],
        [
          'gameParams.target',
          { gameParams: { target: 50.555, direction: 'over' } },
        ],
        [
          'gameParams.bet',
          { game: 'roulette', gameParams: { bet: 'straight-37' }, result: 3 },
        ],
        [
          'gameParams.picks[1]',
          {
            game: 'keno',
            gameParams: { picks: [5, 5] },
            result: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
          },
        ],
        [
          'gameParams.picks',
          {
            game: 'mines',
            gameParams: { mines: 24, picks: [0, 1] },
            result: Array.from({ length: 24 }, (_, i) => i),
          },
        ],
        ['gameParams.cashout', { game: 'crash', gameParams: { cashout: 1 } }],
      ];
      for (const [field, overrides] of bad) {
        const res = await post('/rounds', mine(overrides));
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.error.message).toContain(`${field}:`);
      }
    });

    it('refuses lax numbers in query strings with 400 naming the field', async () => {
      for (const [path, field] of [
        ['/rounds?limit=', 'limit'],
        ['/rounds?limit=0x10', 'limit'],
        ['/rounds?before=1e3', 'before'],
        ['/proofs/consistency?from=&to=1', 'from'],
        ['/proofs/consistency?from=0&to=%201', 'to'],
        ['/proofs/inclusion?leafIndex=0x0&treeSize=1', 'leafIndex'],
        ['/verification/log?after=1.5', 'after'],
        ['/tree-heads?limit=+5', 'limit'],
        ['/evidence?roundId=r&consistencyFrom=0x10', 'consistencyFrom[0]'],
        ['/evidence?roundId=r&limit=10001', 'limit'],
      ]) {
        const res = await api()
          .get(`/api/fairness${path}`)
          .set('Authorization', USERS.auditor);
        expect([path, res.status, res.body.error?.message]).toEqual([
          path,
          400,
          expect.stringMatching(
            new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}: `),
          ),
        ]);
      }
      const many = Array.from({ length: 17 }, (_, i) => i).join(',');
      const bounded = await api()
        .get(`/api/fairness/evidence?roundId=r&consistencyFrom=${many}`)
        .set('Authorization', USERS.auditor);
      expect(bounded.status).toBe(400);
      expect(bounded.body.error.message).toMatch(
        /consistencyFrom: at most 16 tree sizes/,
      );
    });

    it('answers malformed JSON without echoing the body or server paths', async () => {
      const res = await post('/rounds', '{"roundId": "secret-body-text", ');
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        name: 'InputError',
        message: 'request body is not valid JSON',
      });
      expect(res.text).not.toContain('secret-body-text');
      expect(res.text).not.toMatch(/\/work\/|node_modules|\.ts:\d/);
    });

    it('refuses a 5 MB nested body fast, and deep nesting within the limit', async () => {
      const depth = 2_500_000;
      const huge = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      let started = Date.now();
      const tooLarge = await post('/rounds/batch', huge);
      const hugeMs = Date.now() - started;
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.error.message).toBe(
        'request body is larger than the 1mb this route accepts',
      );
      const deep = `{"rounds":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
      started = Date.now();
      const tooDeep = await post('/rounds/batch', deep);
      const deepMs = Date.now() - started;
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.body.error.message).toMatch(
        /nested deeper than 8 levels$/,
      );
      const single = await post('/rounds', {
        ...mine(),
        pad: 'x'.repeat(70_000),
      });
      expect(single.status).toBe(413);
      // Recorded in the README; generous bounds for a shared CI machine.
      process.stdout.write(
        `5 MB nested body refused in ${hugeMs} ms; 800 kB at depth 400,000 in ${deepMs} ms\n`,
      );
      expect(hugeMs).toBeLessThan(1000);
      expect(deepMs).toBeLessThan(1000);
    });
  });
});
