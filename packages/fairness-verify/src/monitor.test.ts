import {
  FairnessRound,
  cosignatureLine,
  encodeRound,
  gameResult,
  generateCosignerKeys,
  generateNoteKeys,
  hashServerSeed,
  parseSignerKey,
  rootHash,
  signCheckpoint,
  tilePath,
} from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './cli';
import { writeMirror } from './__testUtils__/mirror';

const ORIGIN = 'casino-platform.local/fairness-log';
const log = generateNoteKeys(ORIGIN);
const witness = generateCosignerKeys('witness.local/w1');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-monitor-'));
const policy = path.join(dir, 'policy');
fs.writeFileSync(
  policy,
  `log ${log.verifierKey}\nwitness w1 ${witness.vkey}\nquorum w1\n`,
);

function round(seed: string, nonce: number): FairnessRound {
  return {
    roundId: `${seed}-${nonce}`,
    game: 'limbo',
    gameParams: {},
    gameServerId: 'demo-game-server',
    playerId: 'p',
    serverSeedHash: hashServerSeed(seed),
    clientSeed: 'c',
    nonce,
    result: gameResult('limbo', { serverSeed: seed, clientSeed: 'c', nonce }),
    wagerMinor: 10,
    payoutMinor: 0,
    currency: 'EUR',
    playedAt: '2026-01-01T00:00:00.000Z',
  };
}

function checkpointOf(rounds: FairnessRound[], cosigned = true): string {
  const note = signCheckpoint(
    {
      origin: ORIGIN,
      treeSize: rounds.length,
      rootHash: rootHash(rounds.map(encodeRound)),
    },
    parseSignerKey(log.signerKey),
  );
  if (!cosigned) return note;
  const body = note.slice(0, note.indexOf('\n\n') + 1);
  return `${note}${cosignatureLine(
    body,
    'witness.local/w1',
    witness.secretKey,
    1,
  )}\n`;
}

function mirrorOf(name: string, rounds: FairnessRound[], cosigned = true) {
  const mirror = path.join(dir, name);
  fs.rmSync(mirror, { recursive: true, force: true });
  writeMirror(mirror, rounds, checkpointOf(rounds, cosigned));
  return mirror;
}

function reveal(mirror: string, seed: string) {
  fs.mkdirSync(path.join(mirror, 'seeds'), { recursive: true });
  fs.writeFileSync(
    path.join(mirror, 'seeds', hashServerSeed(seed)),
    JSON.stringify({ serverSeedHash: hashServerSeed(seed), serverSeed: seed }),
  );
}

async function monitor(source: string, state: string, ...extra: string[]) {
  let out = '';
  let err = '';
  const code = await main(
    ['monitor', source, '--policy', policy, '--state', state, ...extra],
    { out: t => (out += t), err: t => (err += t) },
  );
  return { code, out, err };
}

const rounds = [
  ...Array.from({ length: 260 }, (_, n) => round('s1', n)),
  ...Array.from({ length: 40 }, (_, n) => round('s2', n)),
];

describe('fairness-verify monitor on a mirror directory', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('verifies a witnessed mirror round by round as seeds are revealed', async () => {
    const state = path.join(dir, 'ok.json');
    const mirror = mirrorOf('ok', rounds.slice(0, 200));
    reveal(mirror, 's1');
    let run = await monitor(mirror, state);
    expect(run.out).toContain('cosigned by w1');
    expect(run.out).toContain('rounds recomputed: 200; pending their seed: 0');
    expect(run.out).toMatch(/VERIFIED\n$/);
    expect(run.code).toBe(0);

    // Grows across a tile boundary, with rounds of an unrevealed seed.
    mirrorOf('ok', rounds);
    reveal(mirror, 's1');
    run = await monitor(mirror, state);
    expect(run.out).toContain('extends the tree of size 200');
    expect(run.out).toContain(
      'new leaves: 100; rounds recomputed: 60; pending their seed: 40',
    );
    expect(run.code).toBe(3);
    reveal(mirror, 's2');
    run = await monitor(mirror, state);
    expect(run.out).toContain('rounds recomputed: 40; pending their seed: 0');
    expect(run.code).toBe(0);
  });

  it('refuses a checkpoint without the quorum, a log that went back, a rewritten tree and a wrong hash tile', async () => {
    const state = path.join(dir, 'bad.json');
    expect((await monitor(mirrorOf('m', rounds), state)).code).toBe(3);
    const saved = fs.readFileSync(state, 'utf8');

    let run = await monitor(mirrorOf('m', rounds, false), state);
    expect(run.out).toMatch(
      /FAILED: checkpoint: checkpoint lacks the policy's quorum 'w1'/,
    );
    expect(run.code).toBe(1);

    run = await monitor(mirrorOf('m', rounds.slice(0, 299)), state);
    expect(run.out).toMatch(
      /FAILED: the log went back: its checkpoint has size 299, this monitor verified size 300 before/,
    );
    expect(run.code).toBe(1);

    const rewritten = rounds.map((r, n) => (n === 3 ? round('s1', 999) : r));
    run = await monitor(mirrorOf('m', [...rewritten, round('s3', 0)]), state);
    expect(run.out).toMatch(
      /does not extend the tree of size 300 .* rewritten/,
    );
    expect(run.code).toBe(1);
    expect(fs.readFileSync(state, 'utf8')).toBe(saved);

    const grown = [...rounds, round('s3', 0)];
    const mirror = mirrorOf('m', grown);
    const tile = path.join(
      mirror,
      ...tilePath({ level: 0, index: 1, width: 45 }).split('/'),
    );
    const bytes = fs.readFileSync(tile);
    bytes[bytes.length - 1] ^= 1;
    fs.writeFileSync(tile, bytes);
    run = await monitor(mirror, state);
    expect(run.out).toMatch(
      /FAILED: hash tile 0\/1 does not hold the leaf hashes/,
    );
    expect(run.code).toBe(1);

    fs.rmSync(path.join(mirror, 'checkpoint'));
    run = await monitor(mirror, state);
    expect(run.err).toMatch(/has no checkpoint \(nothing concluded\)/);
    expect(run.code).toBe(4);
  });

  it('--follow passes again after the interval and stops at the first failure', async () => {
    const state = path.join(dir, 'follow.json');
    const mirror = mirrorOf('follow', rounds.slice(0, 10));
    reveal(mirror, 's1');
    let out = '';
    const code = await main(
      [
        'monitor',
        mirror,
        '--policy',
        policy,
        '--state',
        state,
        '--follow',
        '--interval',
        '0.2',
      ],
      {
        out: text => {
          // after the first pass, the checkpoint loses its cosignature
          if (!out) mirrorOf('follow', rounds.slice(0, 20), false);
          out += text;
        },
        err: () => {},
      },
    );
    expect(out).toMatch(/^log .*\n.*size 10,[\s\S]*VERIFIED\n/);
    expect(out).toMatch(
      /FAILED: checkpoint: checkpoint lacks the policy's quorum/,
    );
    expect(code).toBe(1);
  });

  it('refuses usage errors', async () => {
    const state = path.join(dir, 'usage.json');
    expect((await monitor(dir, state, '--once', '--follow')).code).toBe(2);
    expect((await monitor(dir, state, '--interval', '5')).code).toBe(2);
    expect(
      await main(['monitor', dir, '--policy', policy], {
        out: () => {},
        err: () => {},
      }),
    ).toBe(2);
  });
});
