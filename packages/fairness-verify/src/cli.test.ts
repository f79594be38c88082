import {
  EvidenceBundle,
  bytesToHex,
  consistencyProof,
  encodeRound,
  gameResult,
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
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { main } from './cli';
import { checkpointAnchorData } from '@internal/plugin-fairness-common';

const origin = 'casino-platform.local/fairness-log';
const keys = generateNoteKeys(origin);
const signer = parseSignerKey(keys.signerKey);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-verify-'));
const serverSeed = 'cli-seed';

const rounds = Array.from({ length: 5 }, (_, nonce) => ({
  roundId: `round-${nonce}`,
  game: 'roulette' as const,
  gameParams: {},
  gameServerId: 'demo-game-server',
  playerId: 'p',
  serverSeedHash: hashServerSeed(serverSeed),
  clientSeed: 'c',
  nonce,
  result: gameResult('roulette', { serverSeed, clientSeed: 'c', nonce }),
  wagerMinor: 10,
  payoutMinor: 0,
  currency: 'EUR',
  playedAt: new Date(1_800_000_000_000 + nonce).toISOString(),
}));
const leaves = rounds.map(encodeRound);
const earlier = signCheckpoint(
  { origin, treeSize: 3, rootHash: rootHash(leaves.slice(0, 3)) },
  signer,
);
const note = signCheckpoint(
  { origin, treeSize: 5, rootHash: rootHash(leaves) },
  signer,
);

function bundle(overrides: Partial<EvidenceBundle> = {}): EvidenceBundle {
  return {
    format: 'fairness-evidence/v1',
    exportedAt: '2027-01-01T00:00:00.000Z',
    scope: 'serverSeedHash=…',
    verifierKey: keys.verifierKey,
    checkpoint: note,
    anchor: null,
    seeds: [
      {
        serverSeedHash: hashServerSeed(serverSeed),
        clientSeed: 'c',
        serverSeed,
      },
    ],
    rounds: rounds.map((round, i) => ({
      leafIndex: i,
      round,
      inclusionProof: inclusionProof(leaves, i).map(bytesToHex),
    })),
    consistencyProofs: [
      {
        fromSize: 3,
        fromRoot: '',
        proof: consistencyProof(leaves, 3).map(bytesToHex),
      },
    ],
    ...overrides,
  };
}

function write(name: string, content: unknown) {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    typeof content === 'string' ? content : JSON.stringify(content),
  );
  return file;
}

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: t => (out += t), err: t => (err += t) });
  return { code, out, err };
}

describe('fairness-verify', () => {
  const keyFile = write('key.pub', `${keys.verifierKey}\n`);

  it('verifies a genuine bundle and an earlier tree head, exit 0', async () => {
    const res = await run(
      write('ok.json', bundle()),
      '--public-key',
      `@${keyFile}`,
      '--earlier-checkpoint',
      write('old.txt', earlier),
    );
    expect(res.code).toBe(0);
    expect(res.out).toContain('✓ signature: tree head of size 5 is signed by');
    expect(res.out).toContain(
      '✓ consistency: tree of size 5 extends the earlier tree of size 3',
    );
    expect(res.out).toContain('✓ rounds: 5 of 5 verified');
    expect(res.out).toMatch(/RESULT: VERIFIED\n$/);
  });

  it('names the altered round and exits 1', async () => {
    const b = bundle();
    b.rounds[2].round = { ...b.rounds[2].round, payoutMinor: 1000 };
    const res = await run(
      write('bad.json', b),
      '--public-key',
      keys.verifierKey,
    );
    expect(res.code).toBe(1);
    expect(res.out).toContain("round 'round-2' (leaf 2):");
    expect(res.out).toContain('✗ inclusion: leaf 2');
    expect(res.out).toContain('RESULT: VERIFICATION FAILED');
  });

  it('exits 3 when nothing failed but a seed is still active, and 1 once a pending bundle is tampered with', async () => {
    const live = bundle({
      seeds: [
        {
          serverSeedHash: hashServerSeed(serverSeed),
          clientSeed: 'c',
          serverSeed: null,
        },
      ],
    });
    const res = await run(
      write('live.json', live),
      '--public-key',
      keys.verifierKey,
    );
    expect(res.code).toBe(3);
    expect(res.out).toContain(
      '… rounds: 0 of 5 verified (commitment, result, inclusion), 5 pending, 0 failed',
    );
    expect(res.out).not.toContain('✗');
    expect(res.out).toContain('RESULT: VERIFIED SO FAR, SOME PENDING');

    const json = await run(
      write('live2.json', live),
      '--public-key',
      keys.verifierKey,
      '--json',
    );
    expect(json.code).toBe(3);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      status: 'pending',
      roundsPending: 5,
    });

    live.rounds[1].round = { ...live.rounds[1].round, payoutMinor: 99 };
    const tampered = await run(
      write('live3.json', live),
      '--public-key',
      keys.verifierKey,
    );
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('RESULT: VERIFICATION FAILED');
  });

  it('prints hashes as hex with --json', async () => {
    const res = await run(
      write('ok3.json', bundle()),
      '--public-key',
      keys.verifierKey,
      '--json',
    );
    expect(res.code).toBe(0);
    const report = JSON.parse(res.out);
    expect(report.status).toBe('verified');
    expect(report.checkpoint.rootHash).toBe(bytesToHex(rootHash(leaves)));
    expect(res.out).not.toMatch(/"0": \d+/);
  });

  it('fails a bundle signed by another key', async () => {
    const res = await run(
      write('ok2.json', bundle()),
      '--public-key',
      generateNoteKeys(origin).verifierKey,
    );
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/✗ signature: note has no signature by key/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run()).code).toBe(2);
    expect((await run(write('x.json', bundle()))).err).toMatch(
      /--public-key is required/,
    );
    expect(
      (
        await run(
          path.join(dir, 'missing.json'),
          '--public-key',
          keys.verifierKey,
        )
      ).code,
    ).toBe(2);
    expect(
      (await run(write('junk.json', '{'), '--public-key', keys.verifierKey))
        .code,
    ).toBe(2);
    expect(
      (await run(write('y.json', bundle()), '--public-key', 'not-a-key')).code,
    ).toBe(2);
    expect((await run('--bogus')).code).toBe(2);
  });

  it('checks the anchor on a JSON-RPC chain node', async () => {
    const txHash = `0x${'ab'.repeat(32)}`;
    let input = checkpointAnchorData(note);
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        const { id, method, params } = JSON.parse(body);
        const result =
          method === 'eth_getTransactionByHash' && params[0] === txHash
            ? { hash: txHash, input, blockNumber: '0x2a' }
            : null;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ jsonrpc: '2.0', id, result }));
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const file = write(
        'anchored.json',
        bundle({
          anchor: {
            chainId: '31337',
            txHash,
            data: checkpointAnchorData(note),
          },
        }),
      );
      const ok = await run(
        file,
        '--public-key',
        keys.verifierKey,
        '--rpc-url',
        url,
      );
      expect(ok.out).toContain(
        `✓ anchor: tree head anchored in transaction ${txHash} at block 42 on chain 31337`,
      );
      expect(ok.code).toBe(0);
      input = '0xdeadbeef';
      const bad = await run(
        file,
        '--public-key',
        keys.verifierKey,
        '--rpc-url',
        url,
      );
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('✗ anchor: transaction');
    } finally {
      server.close();
    }
  });
});
