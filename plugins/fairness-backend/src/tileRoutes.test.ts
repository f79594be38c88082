/*
 * The tlog-tiles routes through a real backend: real auth, httpAuth and
 * permissions services, externalAccess tokens for a game server, a mirror
 * and an unrestricted tool, and signed-in users.
 */
import http from 'node:http';
import request from 'supertest';
import {
  parseTlogPolicy,
  verifyReceipt,
} from '@internal/plugin-fairness-common';
import { keys, makeRound, ORIGIN } from './__testUtils__/fixtures';
import { AUDITOR, userBearer } from './__testUtils__/realAuth';
import { readLogFromTiles } from './__testUtils__/specTileReader';
import { startPortal } from './__testUtils__/testPortal';

jest.setTimeout(60_000);

const TOKENS = {
  gameServer: 'tiles-game-server-token-0123456789',
  mirror: 'tiles-mirror-token-0123456789',
  hashMirror: 'tiles-hash-mirror-token-0123456789',
  unrestricted: 'tiles-unrestricted-token-0123456789',
};

/** The portal with tokens for a game server, two mirrors and a tool, 257 rounds signed. */
async function startTilesPortal(tiles?: { public: boolean }) {
  const { server, api } = await startPortal({
    tokens: [
      {
        token: TOKENS.gameServer,
        subject: 'demo-game-server',
        permission: ['fairness.round.ingest'],
      },
      {
        token: TOKENS.mirror,
        subject: 'mirror',
        permission: ['fairness.tiles.read', 'fairness.entries.read'],
      },
      {
        token: TOKENS.hashMirror,
        subject: 'hash-mirror',
        permission: ['fairness.tiles.read'],
      },
      { token: TOKENS.unrestricted, subject: 'tool' },
    ],
    fairness: { tiles },
  });
  // 257 rounds: one full tile and bundle, one partial of width 1.
  const rounds = Array.from({ length: 257 }, (_, n) => makeRound('t', n));
  const ingest = await api()
    .post('/api/fairness/rounds/batch')
    .set('Authorization', `Bearer ${TOKENS.gameServer}`)
    .send({ rounds });
  expect(ingest.status).toBe(201);
  const signed = await api()
    .post('/api/fairness/tree-heads')
    .set('Authorization', userBearer(AUDITOR));
  expect(signed.status).toBe(201);
  return { server, api };
}

const WHO = {
  none: undefined,
  developer: userBearer('user:default/developer'),
  auditor: userBearer(AUDITOR),
  mirror: `Bearer ${TOKENS.mirror}`,
  'hash-mirror': `Bearer ${TOKENS.hashMirror}`,
  'game-server': `Bearer ${TOKENS.gameServer}`,
  'unrestricted-tool': `Bearer ${TOKENS.unrestricted}`,
};
type Who = keyof typeof WHO;
type Api = () => ReturnType<typeof request>;

function get(api: Api, who: Who, p: string) {
  const req = api().get(`/api/fairness/${p}`).buffer(true);
  const token = WHO[who];
  return token ? req.set('Authorization', token) : req;
}

const binary = (req: request.Test) =>
  req.parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('tlog-tiles routes', () => {
  let api: Api;
  let server: http.Server;

  beforeAll(async () => {
    ({ api, server } = await startTilesPortal());
  });

  it.each([
    // who, checkpoint and hash tiles, entry bundles
    ['none', 401, 401],
    ['developer', 200, 403],
    ['auditor', 200, 200],
    ['mirror', 200, 200],
    ['hash-mirror', 200, 403],
    ['game-server', 403, 403],
    ['unrestricted-tool', 200, 403],
  ] as const)('%s: hashes %i, entries %i', async (who, hashes, entries) => {
    expect((await get(api, who, 'checkpoint')).status).toBe(hashes);
    expect((await get(api, who, 'tile/0/000')).status).toBe(hashes);
    expect((await get(api, who, 'tile/1/000.p/1')).status).toBe(hashes);
    expect((await get(api, who, 'tile/entries/000')).status).toBe(entries);
    expect((await get(api, who, 'tile/entries/001.p/1')).status).toBe(entries);
  });

  it('serves the formats and caching the spec asks for', async () => {
    const checkpoint = await get(api, 'developer', 'checkpoint');
    expect(checkpoint.headers['content-type']).toBe(
      'text/plain; charset=utf-8',
    );
    expect(checkpoint.headers['cache-control']).toBe('private, max-age=2');
    expect(checkpoint.text.split('\n').slice(0, 2)).toEqual([ORIGIN, '257']);

    const tile = await binary(get(api, 'developer', 'tile/0/000'));
    expect(tile.headers['content-type']).toBe('application/octet-stream');
    expect(tile.headers['cache-control']).toBe(
      'private, max-age=31536000, immutable',
    );
    expect(tile.body.length).toBe(8192);
    const bundle = await binary(get(api, 'mirror', 'tile/entries/000'));
    expect(bundle.headers['content-type']).toBe('application/octet-stream');
    expect(bundle.headers['cache-control']).toBe(
      'private, max-age=31536000, immutable',
    );
  });

  it('lets a mirror recompute the log from the routes alone', async () => {
    const fetch = async (p: string) =>
      (await binary(get(api, 'mirror', p))).body as Buffer;
    const read = await readLogFromTiles(fetch, keys.verifierKey);
    expect(read.size).toBe(257);
  });

  it.each([
    ['tile/64/000', /tile level "64" must be 0 to 63/],
    ['tile/00/000', /tile level "00" must be 0 to 63/],
    ['tile/0/0001', /tile index "0001" is not a tlog-tiles index/],
    ['tile/0/x000/001', /tile index "x000\/001" is not/],
    ['tile/0/000.p/256', /tile index "000.p\/256" is not/],
    ['tile/0/000.p/0', /tile index "000.p\/0" is not/],
    ['tile/entries/1', /tile index "1" is not/],
  ])('refuses %s with 400 naming the part', async (p, message) => {
    const res = await get(api, 'auditor', p);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses an index too long to be a safe integer, without echoing it whole', async () => {
    const res = await get(api, 'auditor', `tile/0/${'x999/'.repeat(400)}000`);
    expect(res.status).toBe(400);
    expect(res.body.error.message.length).toBeLessThan(200);
  });

  it.each(['tile/0/002.p/1', 'tile/0/001.p/2', 'tile/2/000.p/1'])(
    'answers %s, beyond the checkpoint, with 404',
    async p => {
      const res = await get(api, 'auditor', p);
      expect(res.status).toBe(404);
    },
  );

  it('hands auditors a round receipt that verifies offline against a policy', async () => {
    const res = await get(api, 'auditor', 'rounds/t-5/receipt');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="round-t-5.tlog-proof"',
    );
    const policy = parseTlogPolicy(`log ${keys.verifierKey}\nquorum none\n`);
    const verified = verifyReceipt(res.text, policy);
    expect(verified.index).toBe(5);
    expect(verified.round.roundId).toBe('t-5');
    for (const who of ['developer', 'mirror', 'game-server'] as const) {
      expect([401, 403]).toContain(
        (await get(api, who, 'rounds/t-5/receipt')).status,
      );
    }
    expect((await get(api, 'auditor', 'rounds/nope/receipt')).status).toBe(404);
  });

  afterAll(() => server.close());
});

describe('tlog-tiles routes with fairness.tiles.public', () => {
  it('serves checkpoint and hash tiles to anyone, publicly cacheable, and entries still only to auditors and mirrors', async () => {
    const { api } = await startTilesPortal({ public: true });
    const checkpoint = await get(api, 'none', 'checkpoint');
    expect(checkpoint.status).toBe(200);
    expect(checkpoint.headers['cache-control']).toBe('public, max-age=2');
    const tile = await get(api, 'none', 'tile/0/000');
    expect(tile.status).toBe(200);
    expect(tile.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get(api, 'game-server', 'tile/0/000')).status).toBe(200);
    expect((await get(api, 'none', 'tile/entries/000')).status).toBe(401);
    expect((await get(api, 'developer', 'tile/entries/000')).status).toBe(403);
    expect((await get(api, 'mirror', 'tile/entries/000')).status).toBe(200);
    expect((await get(api, 'none', 'rounds')).status).toBe(401);
  });
});
