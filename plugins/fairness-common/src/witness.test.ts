import {
  generateNoteKeys,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
} from './checkpoint';
import { generateCosignerKeys } from './cosignature';
import { bytesToBase64, utf8ToBytes } from './encoding';
import { consistencyProof, rootHash } from './merkle';
import { parseTlogPolicy, verifyCheckpointWithPolicy } from './policy';
import { MemoryWitnessState, Witness } from './witness';

const ORIGIN = 'witness-test.example/log';
const log = generateNoteKeys(ORIGIN);
const signer = parseSignerKey(log.signerKey);
const witnessKeys = generateCosignerKeys('witness.example/w1');

const leaves = (n: number, tag = '') =>
  Array.from({ length: n }, (_, i) =>
    utf8ToBytes(`round ${i}${i === 3 ? tag : ''}`),
  );

function checkpoint(data: Uint8Array[], key = signer) {
  return signCheckpoint(
    { origin: ORIGIN, treeSize: data.length, rootHash: rootHash(data) },
    key,
  );
}

/** The add-checkpoint body a log sends: old size, proof from it, checkpoint. */
function request(data: Uint8Array[], oldSize: number, note = checkpoint(data)) {
  const proof =
    oldSize > 0 ? consistencyProof(data, oldSize).map(bytesToBase64) : [];
  return [`old ${oldSize}`, ...proof, '', note].join('\n');
}

function witness() {
  const state = new MemoryWitnessState();
  return {
    state,
    w: new Witness({
      name: 'witness.example/w1',
      secretKey: witnessKeys.secretKey,
      logs: [parseVerifierKey(log.verifierKey)],
      state,
      now: () => 1_700_000_000,
    }),
  };
}

describe('Witness (C2SP tlog-witness add-checkpoint)', () => {
  it('cosigns a growing log, and the cosignature satisfies a policy naming the witness', async () => {
    const { w, state } = witness();
    const first = await w.addCheckpoint(request(leaves(5), 0));
    expect(first.status).toBe(200);
    expect(first.body).toMatch(/^\u2014 witness\.example\/w1 \S+\n$/u);
    const note = checkpoint(leaves(12));
    const second = await w.addCheckpoint(request(leaves(12), 5, note));
    expect(second.status).toBe(200);
    const policy = parseTlogPolicy(
      `log ${log.verifierKey}\nwitness w1 ${witnessKeys.vkey}\nquorum w1\n`,
    );
    expect(
      verifyCheckpointWithPolicy(`${note}${second.body}`, policy).cosignedBy,
    ).toEqual(['w1']);
    expect(state.records.get(ORIGIN)?.size).toBe(12);
  });

  it('refuses with the spec status codes: unknown origin 404, wrong key 403, rolled back 409 with its size, inconsistent 422, malformed 400', async () => {
    const { w } = witness();
    expect((await w.addCheckpoint(request(leaves(8), 0))).status).toBe(200);

    const stranger = generateNoteKeys('other.example/log');
    const unknown = signCheckpoint(
      {
        origin: 'other.example/log',
        treeSize: 9,
        rootHash: rootHash(leaves(9)),
      },
      parseSignerKey(stranger.signerKey),
    );
    expect((await w.addCheckpoint(request(leaves(9), 8, unknown))).status).toBe(
      404,
    );

    const impostor = parseSignerKey(generateNoteKeys(ORIGIN).signerKey);
    const forged = checkpoint(leaves(9), impostor);
    expect((await w.addCheckpoint(request(leaves(9), 8, forged))).status).toBe(
      403,
    );

    // Rolled back: the log claims an older state than the witness has.
    const rolledBack = await w.addCheckpoint(request(leaves(9), 5));
    expect(rolledBack).toEqual({
      status: 409,
      contentType: 'text/x.tlog.size',
      body: '8\n',
    });
    // A smaller tree than the one cosigned, presented from size 0.
    expect((await w.addCheckpoint(request(leaves(6), 0))).status).toBe(409);

    // Inconsistent: size 8 was cosigned, the new tree does not extend it.
    expect((await w.addCheckpoint(request(leaves(10, 'x'), 8))).status).toBe(
      422,
    );
    // Same size, other root.
    expect((await w.addCheckpoint(request(leaves(8, 'x'), 8))).status).toBe(
      409,
    );

    for (const bad of ['', 'old 01\n\nx', `old 9\n${request(leaves(8), 0)}`]) {
      expect((await w.addCheckpoint(bad)).status).toBe(400);
    }
    // Nothing above moved the witness's state.
    expect((await w.addCheckpoint(request(leaves(9), 8))).status).toBe(200);
  });

  it('gives a rewritten log no cosignature however it asks, and one that lost its tree heads none either', async () => {
    const { w } = witness();
    expect((await w.addCheckpoint(request(leaves(20), 0))).status).toBe(200);
    // Round 3 rewritten, the log continues to 30 leaves.
    const rewritten = leaves(30, ' (rewritten)');
    for (const old of [0, 4, 20, 30]) {
      const res = await w.addCheckpoint(request(rewritten, old));
      expect({ old, status: res.status }).toEqual({
        old,
        status: old === 20 ? 422 : 409,
      });
    }
    // Lost its tree heads: starts over from an empty log.
    expect((await w.addCheckpoint(request(leaves(3), 0))).status).toBe(409);
    // The honest log still gets its cosignature.
    expect((await w.addCheckpoint(request(leaves(30), 20))).status).toBe(200);
  });

  it('never rolls back under concurrent requests', async () => {
    const { w, state } = witness();
    await w.addCheckpoint(request(leaves(4), 0));
    const results = await Promise.all([
      w.addCheckpoint(request(leaves(10), 4)),
      w.addCheckpoint(request(leaves(6), 4)),
    ]);
    expect(results.map(r => r.status)).toEqual([200, 409]);
    expect(state.records.get(ORIGIN)?.size).toBe(10);
  });
});
