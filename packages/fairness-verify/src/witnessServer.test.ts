import {
  bytesToBase64,
  consistencyProof,
  generateNoteKeys,
  parseSignerKey,
  parseTlogPolicy,
  rootHash,
  signCheckpoint,
  utf8ToBytes,
  verifyCheckpointWithPolicy,
} from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWitnessServer } from './witnessServer';

const ORIGIN = 'casino-platform.local/fairness-log';
const log = generateNoteKeys(ORIGIN);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-witness-'));
const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => utf8ToBytes(`round ${i}`));

function note(n: number) {
  return signCheckpoint(
    { origin: ORIGIN, treeSize: n, rootHash: rootHash(leaves(n)) },
    parseSignerKey(log.signerKey),
  );
}
function body(n: number, old: number) {
  const proof = old ? consistencyProof(leaves(n), old).map(bytesToBase64) : [];
  return [`old ${old}`, ...proof, '', note(n)].join('\n');
}

async function start() {
  return startWitnessServer({
    name: 'witness.local/w1',
    keyFile: path.join(dir, 'key'),
    stateFile: path.join(dir, 'state.json'),
    logs: [log.verifierKey],
  });
}

describe('fairness-verify witness', () => {
  it('cosigns over HTTP with its own key and keeps its state across restarts', async () => {
    const first = await start();
    const post = (url: string, text: string) =>
      fetch(`${url}/add-checkpoint`, { method: 'POST', body: text });
    const ok = await post(first.url, body(10, 0));
    expect(ok.status).toBe(200);
    const cosignature = await ok.text();
    const policy = parseTlogPolicy(
      `log ${log.verifierKey}\nwitness w1 ${first.vkey}\nquorum w1\n`,
    );
    expect(
      verifyCheckpointWithPolicy(`${note(10)}${cosignature}`, policy)
        .cosignedBy,
    ).toEqual(['w1']);
    await new Promise(r => first.server.close(r));

    // Restarted: same key, and it still remembers size 10.
    const second = await start();
    expect(second.vkey).toBe(first.vkey);
    const rolledBack = await post(second.url, body(12, 0));
    expect(rolledBack.status).toBe(409);
    expect(rolledBack.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(await rolledBack.text()).toBe('10\n');
    expect((await post(second.url, body(12, 10))).status).toBe(200);
    expect((await fetch(`${second.url}/add-checkpoint`)).status).toBe(405);
    await new Promise(r => second.server.close(r));
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
});
