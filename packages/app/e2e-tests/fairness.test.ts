import {
  APIRequestContext,
  test,
  expect,
  request as playwrightRequest,
} from '@playwright/test';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInAsGuest } from './helpers';

// The journey reports its own round through the real ingest API with the
// demo game server's static token, so it does not depend on timing.
const api =
  process.env.FAIRNESS_API_URL ?? 'http://localhost:7007/api/fairness';
const token = process.env.FAIRNESS_DEMO_TOKEN ?? 'demo-game-server-local-token';
const root = path.resolve(__dirname, '../../..');
const dataDir = process.env.PORTAL_DATA_DIR ?? path.join(root, 'data');

function dice(serverSeed: string, clientSeed: string, nonce: number) {
  const bytes = createHmac('sha256', serverSeed)
    .update(`${clientSeed}:${nonce}:0`)
    .digest();
  return Math.floor((bytes.readUInt32BE(0) / 2 ** 32) * 10001) / 100;
}

test('an auditor verifies a round, exports evidence the CLI accepts, then sees tampering', async ({
  page,
}) => {
  const serverSeed = randomBytes(32).toString('hex');
  const serverSeedHash = createHash('sha256').update(serverSeed).digest('hex');
  const roundId = `e2e-${Date.now()}`;
  const result = dice(serverSeed, 'e2e-client', 0);

  const client = await playwrightRequest.newContext({
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const ingest = await client.post(`${api}/rounds`, {
    data: {
      roundId,
      game: 'dice',
      // roll over 50.50 wins 49.5 % of the time and pays 99 / 49.5 = 2×
      gameParams: { target: 50.5, direction: 'over' },
      gameServerId: 'demo-game-server',
      playerId: 'player-e2e',
      serverSeedHash,
      clientSeed: 'e2e-client',
      nonce: 0,
      result,
      wagerMinor: 1000,
      payoutMinor: result > 50.5 ? 2000 : 0,
      currency: 'EUR',
      playedAt: new Date().toISOString(),
    },
  });
  expect(ingest.status()).toBe(201);
  expect(
    (
      await client.post(`${api}/seeds/reveal`, {
        data: { serverSeedHash, serverSeed },
      })
    ).ok(),
  ).toBe(true);
  // Reads and signing are for auditors, not game servers: the guest (in
  // every role on the local default) signs a tree head covering the round
  // now rather than waiting for the schedule, and fetches the public key.
  const guest = await (
    await playwrightRequest.newContext()
  ).get(
    `${api.replace(/\/fairness\/?$/, '')}/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  expect(guest.ok()).toBe(true);
  const auditor = await playwrightRequest.newContext({
    extraHTTPHeaders: {
      authorization: `Bearer ${(await guest.json()).backstageIdentity.token}`,
    },
  });
  await signTreeHead(auditor);
  const publicKey = await (await auditor.get(`${api}/public-key`)).text();

  await signInAsGuest(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Audit log' })
    .click();
  await expect(page).toHaveURL(/\/fairness$/);
  await page.getByLabel('Round id').fill(roundId);
  await page
    .getByRole('form', { name: 'search rounds' })
    .getByRole('button', { name: 'Search' })
    .click();
  await page.getByRole('link', { name: roundId }).click();

  for (const check of [
    'Commitment matches the revealed server seed',
    'Result recomputes from the seeds',
    'Included in the latest signed tree head',
    "Payout matches the game's rules and multiplier table",
  ]) {
    await expect(
      page.getByRole('status', { name: `${check}: passed` }),
    ).toBeVisible();
  }
  await expect(page.getByText('✓ This round verifies')).toBeVisible();
  await expect(page.getByRole('table', { name: 'dice round' })).toContainText(
    'roll over 50.50',
  );

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export evidence' }).click();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-e2e-'));
  const bundle = path.join(dir, 'evidence.json');
  await (await download).saveAs(bundle);
  fs.writeFileSync(path.join(dir, 'key.pub'), publicKey);
  const report = execFileSync(
    path.join(root, 'packages/fairness-verify/bin/fairness-verify'),
    [bundle, '--public-key', `@${path.join(dir, 'key.pub')}`],
    { encoding: 'utf8' },
  );
  expect(report).toContain('✓ rounds: 1 of 1 verified');
  expect(report).toContain('RESULT: VERIFIED');

  // Edit the round behind the portal's back (triggers dropped for the edit).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3');
  const db = new Database(path.join(dataDir, 'sqlite', 'fairness.sqlite'));
  try {
    db.pragma('busy_timeout = 10000'); // the demo game server writes too
    db.exec('DROP TRIGGER IF EXISTS rounds_no_update');
    db.prepare('UPDATE rounds SET result = ? WHERE round_id = ?').run(
      JSON.stringify(result === 99.99 ? 1 : 99.99),
      roundId,
    );
    db.exec(
      "CREATE TRIGGER rounds_no_update BEFORE UPDATE ON rounds BEGIN SELECT RAISE(ABORT, 'fairness log table rounds is append-only (UPDATE refused)'); END",
    );
  } finally {
    db.close();
  }

  await page.reload();
  await expect(
    page.getByRole('status', {
      name: 'Result recomputes from the seeds: failed',
    }),
  ).toBeVisible();
  await expect(
    page.getByText(/differs from the recorded result/),
  ).toBeVisible();
  await expect(
    page.getByRole('status', {
      name: 'Included in the latest signed tree head: failed',
    }),
  ).toBeVisible();
  await expect(page.getByText('✗ This round does not verify')).toBeVisible();
});

/**
 * Signs a tree head now. On a fresh start the catalog may not have ingested
 * the guest's auditor group yet (403 until it has): poll, do not fail.
 */
async function signTreeHead(auditor: APIRequestContext, timeout = 90_000) {
  await expect
    .poll(async () => (await auditor.post(`${api}/tree-heads`)).status(), {
      timeout,
      intervals: [1000, 2000, 5000],
    })
    .toBeLessThan(300);
}

async function auditorContext() {
  const guest = await (
    await playwrightRequest.newContext()
  ).get(
    `${api.replace(/\/fairness\/?$/, '')}/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  expect(guest.ok()).toBe(true);
  return playwrightRequest.newContext({
    extraHTTPHeaders: {
      authorization: `Bearer ${(await guest.json()).backstageIdentity.token}`,
    },
  });
}

test('a round whose server seed is still active reads as pending, not failed', async ({
  page,
}) => {
  const serverSeed = randomBytes(32).toString('hex');
  const serverSeedHash = createHash('sha256').update(serverSeed).digest('hex');
  const roundId = `e2e-live-${Date.now()}`;
  const result = dice(serverSeed, 'e2e-live-client', 0);
  const client = await playwrightRequest.newContext({
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const ingest = await client.post(`${api}/rounds`, {
    data: {
      roundId,
      game: 'dice',
      gameParams: { target: 50.5, direction: 'over' },
      gameServerId: 'demo-game-server',
      playerId: 'player-e2e',
      serverSeedHash,
      clientSeed: 'e2e-live-client',
      nonce: 0,
      result,
      wagerMinor: 1000,
      payoutMinor: result > 50.5 ? 2000 : 0,
      currency: 'EUR',
      playedAt: new Date().toISOString(),
    },
  });
  expect(ingest.status()).toBe(201);
  // The seed stays unrevealed (the player is still using it); a signed tree
  // head covers the round.
  await signTreeHead(await auditorContext());

  await signInAsGuest(page);
  await page.goto(`/fairness/rounds/${encodeURIComponent(roundId)}`);
  await expect(
    page.getByText(/⏳ Verified so far, pending: nothing failed/),
  ).toBeVisible();
  await expect(page.getByText(/does not verify/)).toHaveCount(0);
  for (const [check, outcome] of [
    ['Commitment matches the revealed server seed', 'pending'],
    ['Result recomputes from the seeds', 'pending'],
    ['Included in the latest signed tree head', 'passed'],
    ["Payout matches the game's rules and multiplier table", 'passed'],
  ]) {
    await expect(
      page.getByRole('status', { name: `${check}: ${outcome}` }),
    ).toBeVisible();
  }
  await expect(
    page.getByText(/is still active, not revealed yet/).first(),
  ).toBeVisible();
});

test("an auditor downloads a round's receipt and its player's evidence pack; the CLI verifies both against the policy with the witness's key", async ({
  page,
}) => {
  const serverSeed = randomBytes(32).toString('hex');
  const serverSeedHash = createHash('sha256').update(serverSeed).digest('hex');
  const roundId = `e2e-receipt-${Date.now()}`;
  const playerId = `player-${roundId}`;
  const result = dice(serverSeed, 'e2e-receipt-client', 0);
  const client = await playwrightRequest.newContext({
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const ingest = await client.post(`${api}/rounds`, {
    data: {
      roundId,
      game: 'dice',
      gameParams: { target: 50.5, direction: 'over' },
      gameServerId: 'demo-game-server',
      playerId,
      serverSeedHash,
      clientSeed: 'e2e-receipt-client',
      nonce: 0,
      result,
      wagerMinor: 1000,
      payoutMinor: result > 50.5 ? 2000 : 0,
      currency: 'EUR',
      playedAt: new Date().toISOString(),
    },
  });
  expect(ingest.status()).toBe(201);
  expect(
    (
      await client.post(`${api}/seeds/reveal`, {
        data: { serverSeedHash, serverSeed },
      })
    ).ok(),
  ).toBe(true);
  const auditor = await auditorContext();
  // Run alone on a fresh start, this journey is the one that waits for the
  // catalog to make the guest an auditor (over 90 s at load average 12).
  test.setTimeout(300_000);
  await signTreeHead(auditor, 200_000);
  // Receipts come from the latest checkpoint the local witness cosigned.
  await expect
    .poll(
      async () =>
        (
          await auditor.get(
            `${api}/rounds/${encodeURIComponent(roundId)}/receipt`,
          )
        ).status(),
      { timeout: 60_000, intervals: [1000, 2000, 5000] },
    )
    .toBe(200);

  // The policy an auditor keeps: the log's key, the witness's key, quorum 1.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-receipt-e2e-'));
  const policy = path.join(dir, 'log.policy');
  const witnessKey = fs
    .readFileSync(path.join(dataDir, 'fairness', 'witness.vkey'), 'utf8')
    .trim();
  fs.writeFileSync(
    policy,
    `log ${(
      await (await auditor.get(`${api}/public-key`)).text()
    ).trim()}\nwitness local ${witnessKey}\nquorum local\n`,
  );
  const cli = (...args: string[]) =>
    execFileSync(
      path.join(root, 'packages/fairness-verify/bin/fairness-verify'),
      args,
      { encoding: 'utf8' },
    );

  await signInAsGuest(page);
  await page.goto(`/fairness/rounds/${encodeURIComponent(roundId)}`);
  const receiptDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download receipt' }).click();
  const receipt = path.join(dir, 'round.tlog-proof');
  await (await receiptDownload).saveAs(receipt);
  const verified = cli('receipt', receipt, '--policy', policy);
  expect(verified).toContain(`round '${roundId}' is leaf`);
  expect(verified).toContain('cosigned by local');
  expect(verified).toMatch(/VERIFIED\n$/);

  // The player's evidence pack from the Audit log page.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Audit log' })
    .click();
  const packForm = page.getByRole('form', { name: 'evidence pack scope' });
  await packForm.getByLabel('Player').fill(playerId);
  const packDownload = page.waitForEvent('download');
  await packForm
    .getByRole('button', { name: 'Download evidence pack' })
    .click();
  const pack = path.join(dir, 'pack.ndjson');
  await (await packDownload).saveAs(pack);
  await expect(
    page.getByText(
      'Downloaded 1 round; that is every covered round of this scope.',
    ),
  ).toBeVisible();
  const packReport = cli('pack', pack, '--policy', policy);
  expect(packReport).toContain('1 rounds, all included in the checkpoint');
  expect(packReport).toContain('cosigned by local; pack signed by the log');
  expect(packReport).toMatch(/VERIFIED\n$/);
});
