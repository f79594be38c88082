import {
  FairnessRound,
  cosignatureLine,
  encodeRound,
  formatReceipt,
  gameResult,
  generateCosignerKeys,
  generateNoteKeys,
  hashServerSeed,
  inclusionProof,
  parseSignerKey,
  rootHash,
  signCheckpoint,
} from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './cli';
import { writeMirror as writeMirrorOf } from './__testUtils__/mirror';

const ORIGIN = 'casino-platform.local/fairness-log';
const log = generateNoteKeys(ORIGIN);
const witness = generateCosignerKeys('witness.local/w1');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-receipt-'));

function round(
  serverSeed: string,
  nonce: number,
  payoutMinor = 0,
): FairnessRound {
  return {
    roundId: `round-${nonce}`,
    game: 'limbo',
    gameParams: {},
    gameServerId: 'demo-game-server',
    playerId: 'p',
    serverSeedHash: hashServerSeed(serverSeed),
    clientSeed: 'c',
    nonce,
    result: gameResult('limbo', { serverSeed, clientSeed: 'c', nonce }),
    wagerMinor: 10,
    payoutMinor,
    currency: 'EUR',
    playedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A signed, cosigned checkpoint over `rounds`. */
function checkpointOf(rounds: FairnessRound[]): string {
  const note = signCheckpoint(
    {
      origin: ORIGIN,
      treeSize: rounds.length,
      rootHash: rootHash(rounds.map(encodeRound)),
    },
    parseSignerKey(log.signerKey),
  );
  const body = note.slice(0, note.indexOf('\n\n') + 1);
  return `${note}${cosignatureLine(
    body,
    'witness.local/w1',
    witness.secretKey,
    1,
  )}\n`;
}

function writeMirror(mirrorDir: string, rounds: FairnessRound[]) {
  writeMirrorOf(mirrorDir, rounds, checkpointOf(rounds));
}

const rounds = Array.from({ length: 300 }, (_, n) => round('seed', n));
const policyFile = path.join(dir, 'policy');
fs.writeFileSync(
  policyFile,
  `log ${log.verifierKey}\nwitness w1 ${witness.vkey}\nquorum w1\n`,
);
const mirror = path.join(dir, 'mirror');
writeMirror(mirror, rounds);

function receiptFile(index: number, serverSeed: string | null, name: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    formatReceipt({
      round: rounds[index],
      serverSeed,
      index,
      proof: inclusionProof(rounds.map(encodeRound), index),
      checkpointNote: checkpointOf(rounds),
    }),
  );
  return file;
}

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['receipt', ...args], {
    out: t => (out += t),
    err: t => (err += t),
  });
  return { code, out, err };
}

describe('fairness-verify receipt', () => {
  it('verifies a receipt against the policy and a tile mirror', async () => {
    const file = receiptFile(270, 'seed', 'r270.tlog-proof');
    const res = await run(file, '--policy', policyFile, '--tiles', mirror);
    expect(res.out).toContain(
      `round 'round-270' is leaf 270 of ${ORIGIN} at size 300`,
    );
    expect(res.out).toContain('cosigned by w1');
    expect(res.out).toContain(
      'mirror: same tree and same round (mirror size 300)',
    );
    expect(res.out).toMatch(/VERIFIED\n$/);
    expect(res.code).toBe(0);
    const json = await run(file, '--policy', policyFile, '--json');
    expect(JSON.parse(json.out)).toMatchObject({
      ok: true,
      status: 'verified',
      index: 270,
      cosignedBy: ['w1'],
    });
  });

  it('rejects a changed receipt', async () => {
    const file = receiptFile(5, 'seed', 'changed.tlog-proof');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('index 5', 'index 6'));
    const res = await run(file, '--policy', policyFile);
    expect(res.out).toMatch(
      /^REJECTED: receipt: round 'round-5' is not included at index 6/,
    );
    expect(res.code).toBe(1);
  });

  it('catches a log that showed the mirror a different tree (split view)', async () => {
    const other = path.join(dir, 'split-mirror');
    const rewritten = rounds.map((r, n) =>
      n === 7 ? round('seed', 7, 999) : r,
    );
    writeMirror(other, rewritten);
    const file = receiptFile(100, 'seed', 'split.tlog-proof');
    const res = await run(file, '--policy', policyFile, '--tiles', other);
    expect(res.out).toMatch(/the log showed them different trees/);
    expect(res.code).toBe(1);
  });

  it('reports pending until the seed is revealed, and refuses usage errors', async () => {
    const file = receiptFile(0, null, 'pending.tlog-proof');
    const res = await run(file, '--policy', policyFile);
    expect(res.out).toMatch(/PENDING/);
    expect(res.code).toBe(3);
    expect((await run(file)).code).toBe(2);
    expect((await run('--policy', policyFile)).code).toBe(2);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
});
