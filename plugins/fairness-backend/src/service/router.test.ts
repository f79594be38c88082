import {
  TestDatabases,
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { hashServerSeed } from '@internal/plugin-fairness-common';
import express from 'express';
import request from 'supertest';
import { createLog, makeRound } from '../__testUtils__/fixtures';
import { createRouter } from './router';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
// Static external-access tokens and user tokens, as the real httpAuth resolves them.
const gameServer = 'Bearer service:demo-game-server';
const otherServer = 'Bearer service:other-server';
const auditor = 'Bearer user:default/auditor';

const httpAuth = mockServices.httpAuth.mock({
  credentials: (async (
    req: express.Request,
    options?: { allow?: string[] },
  ) => {
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (!token) throw new AuthenticationError('Missing credentials');
    const credentials = token.startsWith('service:')
      ? mockCredentials.service(token.slice('service:'.length))
      : mockCredentials.user(token);
    if (options?.allow && !options.allow.includes(credentials.principal.type)) {
      throw new NotAllowedError(
        `This endpoint does not allow '${credentials.principal.type}' credentials`,
      );
    }
    return credentials;
  }) as any,
});

describe('createRouter', () => {
  let app: express.Express;
  let decision: AuthorizeResult.ALLOW | AuthorizeResult.DENY;

  beforeEach(async () => {
    decision = AuthorizeResult.ALLOW;
    const { log } = await createLog(await databases.init('SQLITE_3'));
    const permissions: PermissionsService = {
      authorize: async reqs => reqs.map(() => ({ result: decision })),
      authorizeConditional: async reqs =>
        reqs.map(() => ({ result: decision })) as any,
    };
    const router = await createRouter({
      httpAuth,
      permissions,
      log,
    });
    app = express().use(router).use(mockErrorHandler());
  });

  it('ingests a round from its game server, idempotently', async () => {
    const round = makeRound('router-seed', 0);
    const first = await request(app)
      .post('/rounds')
      .set('Authorization', gameServer)
      .send(round);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      roundId: round.roundId,
      leafIndex: 0,
      duplicate: false,
    });
    const again = await request(app)
      .post('/rounds')
      .set('Authorization', gameServer)
      .send(round);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
  });

  it('accepts ingest only from service principals reporting as themselves', async () => {
    const round = makeRound('router-seed', 0);
    expect((await request(app).post('/rounds').send(round)).status).toBe(401);
    expect(
      (
        await request(app)
          .post('/rounds')
          .set('Authorization', auditor)
          .send(round)
      ).status,
    ).toBe(403);
    const impostor = await request(app)
      .post('/rounds')
      .set('Authorization', otherServer)
      .send(round);
    expect(impostor.status).toBe(403);
    expect(impostor.body.error.message).toMatch(
      /gameServerId 'demo-game-server' is not the authenticated game server 'other-server'/,
    );
    decision = AuthorizeResult.DENY;
    const denied = await request(app)
      .post('/rounds')
      .set('Authorization', gameServer)
      .send(round);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/fairness.round.ingest/);
  });

  it('names every bad field and writes nothing of a bad batch', async () => {
    const good = makeRound('batch-seed', 0);
    const res = await request(app)
      .post('/rounds/batch')
      .set('Authorization', gameServer)
      .send({
        rounds: [
          good,
          { ...makeRound('batch-seed', 1), nonce: -1, currency: 'eur' },
          {
            ...makeRound('batch-seed', 2),
            game: 'plinko',
            gameParams: { rows: 20, risk: 'low' },
          },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('rounds[1].nonce');
    expect(res.body.error.message).toContain('rounds[1].currency');
    const missing = await request(app)
      .post('/rounds')
      .set('Authorization', gameServer)
      .send({ ...good, playedAt: undefined, extra: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/playedAt/);
    expect(missing.body.error.message).toMatch(/extra/);
    const search = await request(app)
      .get('/rounds')
      .set('Authorization', auditor);
    expect(search.body.items).toEqual([]);
  });

  it('answers nonce reuse with 409 and a bad reveal with 400', async () => {
    await request(app)
      .post('/rounds')
      .set('Authorization', gameServer)
      .send(makeRound('s', 3));
    const reuse = await request(app)
      .post('/rounds')
      .set('Authorization', gameServer)
      .send(makeRound('s', 3, { roundId: 'other' }));
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.message).toMatch(/nonce 3 was already used/);
    const reveal = await request(app)
      .post('/seeds/reveal')
      .set('Authorization', gameServer)
      .send({ serverSeedHash: hashServerSeed('s'), serverSeed: 'wrong' });
    expect(reveal.status).toBe(400);
    expect(reveal.body.error.message).toMatch(/does not match the commitment/);
  });

  it('lets auditors search, verify, fetch tree heads and export evidence', async () => {
    await request(app)
      .post('/rounds/batch')
      .set('Authorization', gameServer)
      .send({ rounds: [0, 1, 2].map(n => makeRound('audit', n)) });
    await request(app)
      .post('/seeds/reveal')
      .set('Authorization', gameServer)
      .send({ serverSeedHash: hashServerSeed('audit'), serverSeed: 'audit' });

    const search = await request(app)
      .get('/rounds?playerId=player-1&limit=2')
      .set('Authorization', auditor);
    expect(search.body.items.map((r: any) => r.leafIndex)).toEqual([2, 1]);
    expect(search.body.next).toBe(1);

    const verification = await request(app)
      .get('/rounds/audit-1/verification')
      .set('Authorization', auditor);
    expect(verification.status).toBe(200);
    expect(verification.body.ok).toBe(true);

    const head = await request(app)
      .get('/tree-heads/latest')
      .set('Authorization', auditor);
    expect(head.headers['content-type']).toMatch(/^text\/plain/);
    expect(head.text).toMatch(/^test\.example\/fairness-log\n3\n/);

    const evidence = await request(app)
      .get('/evidence?roundId=audit-1')
      .set('Authorization', auditor);
    expect(evidence.headers['content-disposition']).toBe(
      'attachment; filename="fairness-evidence-audit-1.json"',
    );
    expect(evidence.body.rounds).toHaveLength(1);

    expect(
      (
        await request(app)
          .get('/rounds/nope/verification')
          .set('Authorization', auditor)
      ).status,
    ).toBe(404);
    expect(
      (await request(app).get('/evidence').set('Authorization', auditor))
        .status,
    ).toBe(400);
    decision = AuthorizeResult.DENY;
    expect(
      (await request(app).get('/rounds').set('Authorization', auditor)).status,
    ).toBe(403);
    expect(
      (
        await request(app)
          .get('/evidence?roundId=audit-1')
          .set('Authorization', auditor)
      ).status,
    ).toBe(403);
  });
});
