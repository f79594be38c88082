import {
  bytesToHex,
  encodeRound,
  gameResult,
  generateNoteKeys,
  hashServerSeed,
  inclusionProof,
  parseSignerKey,
  rootHash,
  signCheckpoint,
} from '@internal/plugin-fairness-common';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(60_000);

// The single-file verifier as auditors get it: built, copied to a directory
// with no node_modules and no repository around it, run with plain node.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-verify-bundle-'));
const cli = path.join(dir, 'fairness-verify.cjs');

const origin = 'casino-platform.local/fairness-log';
const keys = generateNoteKeys(origin);
const serverSeed = 'bundle-seed';

function evidence(revealed: boolean) {
  const rounds = Array.from({ length: 3 }, (_, nonce) => ({
    roundId: `b-${nonce}`,
    game: 'dice' as const,
    gameParams: { target: 50.5, direction: 'over' },
    gameServerId: 'demo',
    playerId: 'p',
    serverSeedHash: hashServerSeed(serverSeed),
    clientSeed: 'c',
    nonce,
    result: gameResult('dice', { serverSeed, clientSeed: 'c', nonce }),
    wagerMinor: 100,
    payoutMinor: 0,
    currency: 'EUR',
    playedAt: new Date(1_800_000_000_000 + nonce).toISOString(),
  }));
  const leaves = rounds.map(encodeRound);
  return {
    format: 'fairness-evidence/v1',
    exportedAt: '2027-01-01T00:00:00.000Z',
    scope: 'test',
    verifierKey: keys.verifierKey,
    checkpoint: signCheckpoint(
      { origin, treeSize: 3, rootHash: rootHash(leaves) },
      parseSignerKey(keys.signerKey),
    ),
    anchor: null,
    seeds: [
      {
        serverSeedHash: hashServerSeed(serverSeed),
        clientSeed: 'c',
        serverSeed: revealed ? serverSeed : null,
      },
    ],
    rounds: rounds.map((round, i) => ({
      leafIndex: i,
      round,
      inclusionProof: inclusionProof(leaves, i).map(bytesToHex),
    })),
    consistencyProofs: [],
  };
}

function run(...args: string[]) {
  const res = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('the single-file verifier', () => {
  beforeAll(() => {
    const built = path.join(dir, 'build', 'fairness-verify.cjs');
    execFileSync(process.execPath, [
      path.resolve(__dirname, '../scripts/bundle.js'),
      built,
    ]);
    fs.copyFileSync(built, cli);
    fs.rmSync(path.join(dir, 'build'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'key.pub'), keys.verifierKey);
  });

  it('runs with node alone: verified, pending and failed bundles, hex JSON', () => {
    fs.writeFileSync(path.join(dir, 'ok.json'), JSON.stringify(evidence(true)));
    const ok = run('ok.json', '--public-key', '@key.pub');
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/RESULT: VERIFIED\n$/);

    fs.writeFileSync(
      path.join(dir, 'live.json'),
      JSON.stringify(evidence(false)),
    );
    const live = run('live.json', '--public-key', '@key.pub', '--json');
    expect(live.code).toBe(3);
    const report = JSON.parse(live.out);
    expect(report.status).toBe('pending');
    expect(report.checkpoint.rootHash).toMatch(/^[0-9a-f]{64}$/);

    const bad = evidence(true);
    bad.rounds[1].round.payoutMinor = 500;
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
    expect(run('bad.json', '--public-key', '@key.pub').code).toBe(1);
    expect(run('--help').out).toContain('Exit codes: 0 verified');
  });
});
