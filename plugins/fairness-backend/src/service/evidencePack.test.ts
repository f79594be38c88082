/*
 * The regulator evidence pack through a running portal: who may download
 * it, what a hostile query gets, and that a pack reconciles with the log and
 * verifies offline with `fairness-verify pack` (and fails after any change).
 */
import { main } from '@internal/fairness-verify';
import { gameResult } from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { keys, makeRound } from '../__testUtils__/fixtures';
import { AUDITOR, userBearer } from '../__testUtils__/realAuth';
import { startPortal } from '../__testUtils__/testPortal';

jest.setTimeout(60_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-pack-'));
const policy = path.join(dir, 'policy');
fs.writeFileSync(policy, `log ${keys.verifierKey}\nquorum none\n`);

const text = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (body += c));
    res.on('end', () => done(null, body));
  });

async function verify(pack: string, ...extra: string[]) {
  const file = path.join(dir, `pack-${Math.random()}.ndjson`);
  fs.writeFileSync(file, pack);
  let out = '';
  const code = await main(['pack', file, '--policy', policy, ...extra], {
    out: t => (out += t),
    err: t => (out += t),
  });
  return { code, out };
}

// Player 1: 6 honest rounds under seed 'e' (dice, limbo, roulette, keno,
// dice, limbo) paying 50 on each dice round; player 2: a round whose
// recorded result is another nonce's, under seed 'f'.
const player1 = Array.from({ length: 6 }, (_, n) =>
  makeRound('e', n, { payoutMinor: n % 4 === 0 ? 50 : 0 }),
);
const lie = makeRound('f', 0, {
  playerId: 'player-2',
  result: gameResult('dice', {
    serverSeed: 'f',
    clientSeed: 'client-seed',
    nonce: 1,
  }),
});

describe('GET /evidence-pack', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  const get = (query: string, who = AUDITOR) =>
    text(
      portal
        .api()
        .get(`/api/fairness/evidence-pack${query}`)
        .set('Authorization', userBearer(who)),
    );

  beforeAll(async () => {
    portal = await startPortal({
      fairness: { theoreticalRtp: { dice: 0.99, limbo: 0.99 } },
    });
    await portal.ingest([...player1, lie]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is for auditors only and refuses hostile queries naming the field', async () => {
    expect(
      (await get('?playerId=player-1', 'user:default/developer')).status,
    ).toBe(403);
    for (const [query, message] of [
      ['', 'scope: give playerId, gameServerId, or both from and to'],
      ['?from=2026-01-01T00:00:00Z', 'scope: give playerId'],
      [
        '?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
        'to: must be after from',
      ],
      ['?playerId=player-1&limit=5001', 'limit'],
      ['?playerId=player-1&format=pdf', 'format'],
      ['?playerId=player-1&sql=1', 'sql'],
      [`?playerId=${'x'.repeat(201)}`, 'playerId'],
    ]) {
      const res = await get(query);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.message).toContain(message);
    }
    expect((await get('?playerId=nobody')).status).toBe(404);
  });

  it("reconciles with the log: a player's rounds, outcomes, seeds and RTP, verified offline", async () => {
    let res = await get('?playerId=player-1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    // Seed not revealed yet: every outcome pending, none failed.
    let run = await verify(res.body);
    expect(run.out).toContain(
      'outcomes: 0 recomputed, 6 pending their seed, 0 failed',
    );
    expect(run.code).toBe(3);

    await portal.reveal(player1[0].serverSeedHash, 'e');
    res = await get('?playerId=player-1');
    const summary = path.join(dir, 'summary.md');
    run = await verify(res.body, '--summary', summary, '--json');
    const report = JSON.parse(run.out);
    expect(report).toMatchObject({
      status: 'verified',
      rounds: 6,
      verified: 6,
      failed: [],
      next: null,
    });
    // dice: rounds 0 and 4, 200 wagered, 100 paid
    expect(report.rtp).toEqual([
      expect.objectContaining({
        game: 'dice',
        rounds: 2,
        wageredMinor: 200,
        paidMinor: 100,
        measuredRtp: 0.5,
        theoreticalRtp: 0.99,
      }),
      expect.objectContaining({
        game: 'keno',
        rounds: 1,
        theoreticalRtp: null,
      }),
      expect.objectContaining({ game: 'limbo', rounds: 2, measuredRtp: 0 }),
      expect.objectContaining({ game: 'roulette', rounds: 1 }),
    ]);
    expect(run.code).toBe(0);
    const md = fs.readFileSync(summary, 'utf8');
    expect(md).toContain(
      '| dice | EUR | 2 | 2.00 EUR | 1.00 EUR | 50.00 % | 99.00 % | -49.00 pp |',
    );
    expect(md).toMatch(/\| demo-game-server \| .* \| 20\d\d-.* \| 6 \|/);

    // The same summary from the portal.
    const portalMd = await get('?playerId=player-1&format=markdown');
    expect(portalMd.status).toBe(200);
    expect(portalMd.body).toContain('| dice | EUR | 2 |');

    // Any changed byte: the log's signature no longer covers the records.
    const changed = res.body.replace('"wagerMinor":100', '"wagerMinor":101');
    expect(changed).not.toBe(res.body);
    run = await verify(changed);
    expect(run.out).toMatch(
      /^REJECTED: pack: its records are not the ones the log signed/,
    );
    expect(run.code).toBe(1);
  });

  it('reports a round that does not recompute, and pages by leaf index', async () => {
    await portal.reveal(lie.serverSeedHash, 'f');
    const res = await get(`?gameServerId=demo-game-server&limit=4`);
    let run = await verify(res.body, '--json');
    expect(JSON.parse(run.out)).toMatchObject({
      rounds: 4,
      next: 3,
      status: 'verified',
    });
    const rest = await get(`?gameServerId=demo-game-server&limit=4&after=3`);
    run = await verify(rest.body);
    expect(run.out).toMatch(
      /FAILED round 'f-0' \(leaf 6\): recomputed dice result .* differs from the recorded result/,
    );
    expect(run.code).toBe(1);
  });
});
