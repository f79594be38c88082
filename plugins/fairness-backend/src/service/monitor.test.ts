/*
 * `fairness-verify monitor` following a real running log over HTTP: the
 * portal's tile routes with real auth and permissions, a game server that
 * ingests and reveals, and an auditor's token for entries and seeds.
 */
import { main } from '@internal/fairness-verify';
import { gameResult } from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keys, makeRound } from '../__testUtils__/fixtures';
import { AUDITOR, userBearer } from '../__testUtils__/realAuth';
import { startPortal } from '../__testUtils__/testPortal';

jest.setTimeout(60_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-monitor-'));
const policy = path.join(dir, 'policy');
fs.writeFileSync(policy, `log ${keys.verifierKey}\nquorum none\n`);
const tokenFile = path.join(dir, 'token');
fs.writeFileSync(tokenFile, userBearer(AUDITOR).slice('Bearer '.length));

async function monitor(base: string, state: string, ...extra: string[]) {
  let out = '';
  let err = '';
  const code = await main(
    [
      'monitor',
      base,
      '--policy',
      policy,
      '--state',
      state,
      '--token',
      `@${tokenFile}`,
      ...extra,
    ],
    { out: t => (out += t), err: t => (err += t) },
  );
  return { code, out, err };
}

// 300 honest rounds under seed 'a'; one under seed 'b' whose recorded
// result is another nonce's (a game server that lied about the outcome).
const honest = Array.from({ length: 300 }, (_, n) => makeRound('a', n));
const lie = makeRound('b', 0, {
  result: gameResult('dice', {
    serverSeed: 'b',
    clientSeed: 'client-seed',
    nonce: 1,
  }),
});
const later = Array.from({ length: 20 }, (_, n) => makeRound('c', n));

describe('fairness-verify monitor against a running log', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('follows the log, keeps unrevealed rounds pending, reports a round that does not recompute, and detects a rewritten log', async () => {
    const portal = await startPortal();
    const state = path.join(dir, 'state.json');
    await portal.ingest([...honest, lie]);

    // Nothing revealed: every round pending, none failed.
    let run = await monitor(portal.base, state);
    expect(run.out).toContain('checkpoint: size 301');
    expect(run.out).toContain('first run: the whole log was replayed');
    expect(run.out).toContain(
      'new leaves: 301; rounds recomputed: 0; pending their seed: 301',
    );
    expect(run.out).toMatch(/PENDING\n$/);
    expect(run.code).toBe(3);

    // Seed 'a' revealed: its 300 rounds recompute; the lie still waits.
    await portal.reveal(honest[0].serverSeedHash, 'a');
    run = await monitor(portal.base, state, '--json');
    expect(JSON.parse(run.out)).toMatchObject({
      status: 'pending',
      previousSize: 301,
      treeSize: 301,
      newLeaves: 0,
      recomputed: 300,
      pendingRounds: 1,
      newFailures: [],
    });
    expect(run.code).toBe(3);

    // The log grows: the new checkpoint extends the one seen before.
    await portal.ingest(later);
    run = await monitor(portal.base, state);
    expect(run.out).toContain(
      'consistent: extends the tree of size 301 verified before',
    );
    expect(run.out).toContain('new leaves: 20;');
    expect(run.code).toBe(3);
    const beforeReveal = fs.readFileSync(state, 'utf8');

    // The lie's seed revealed: its result does not recompute.
    await portal.reveal(lie.serverSeedHash, 'b');
    run = await monitor(portal.base, state);
    expect(run.out).toMatch(
      /FAILED round 'b-0' \(leaf 300\): recomputed dice result .* differs from the recorded result/,
    );
    expect(run.out).toMatch(/FAILED\n$/);
    expect(run.code).toBe(1);

    // The operator replaces the database with a history where round 7 paid
    // more, signs it with the same key and grows it past the monitor.
    const rewritten = await startPortal();
    await rewritten.ingest([
      ...honest.map((r, n) => (n === 7 ? { ...r, payoutMinor: 500 } : r)),
      lie,
      ...later,
      makeRound('d', 0),
    ]);
    fs.writeFileSync(state, beforeReveal);
    run = await monitor(rewritten.base, state);
    expect(run.out).toMatch(
      /FAILED: the checkpoint of size 322 does not extend the tree of size 321 .* the log was rewritten/,
    );
    expect(run.code).toBe(1);
    // The state still holds the tree it verified, not the rewritten one.
    expect(JSON.parse(fs.readFileSync(state, 'utf8')).treeSize).toBe(321);

    // An unreachable log concludes nothing.
    const gone = await monitor('http://127.0.0.1:9/api/fairness', state);
    expect(gone.err).toMatch(/cannot read the log/);
    expect(gone.code).toBe(4);
  });
});
