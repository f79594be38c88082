import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  checkpointAnchorData,
  formatCheckpoint,
  generateNoteKeys,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  verifyCheckpoint,
} from './checkpoint';
import { rootHash } from './merkle';

const origin = 'casino.example/fairness-log';
const root = rootHash([
  new Uint8Array([1]),
  new Uint8Array([2]),
  new Uint8Array([3]),
]);

describe('signed tree heads (C2SP tlog-checkpoint + signed-note)', () => {
  const keys = generateNoteKeys(origin);

  it('formats the checkpoint body line by line', () => {
    const body = formatCheckpoint({
      origin,
      treeSize: 3,
      rootHash: root,
      timestamp: 1700000000123,
    });
    expect(body).toBe(
      `${origin}\n3\n${Buffer.from(root).toString(
        'base64',
      )}\ntimestamp 1700000000123\n`,
    );
    expect(parseCheckpoint(body)).toEqual({
      origin,
      treeSize: 3,
      rootHash: root,
      timestamp: 1700000000123,
    });
  });

  it('signs with Ed25519 over the note text, with the signed-note key hash', () => {
    const note = signCheckpoint(
      { origin, treeSize: 3, rootHash: root },
      parseSignerKey(keys.signerKey),
    );
    const [text, sigLine] = note.split('\n\n');
    const match = /^\u2014 (\S+) (\S+)\n$/u.exec(sigLine)!;
    expect(match[1]).toBe(origin);
    const blob = Buffer.from(match[2], 'base64');
    const publicKey = Buffer.from(
      keys.verifierKey.split('+').slice(2).join('+'),
      'base64',
    ).subarray(1);
    // Key hash per signed-note: SHA-256(name || "\n" || 0x01 || key)[:4].
    const expectedHash = createHash('sha256')
      .update(
        Buffer.concat([
          Buffer.from(`${origin}\n`),
          Buffer.from([1]),
          publicKey,
        ]),
      )
      .digest()
      .subarray(0, 4);
    expect(blob.subarray(0, 4)).toEqual(expectedHash);
    expect(keys.verifierKey.split('+')[1]).toBe(expectedHash.toString('hex'));
    // An independent Ed25519 implementation accepts the signature.
    const spki = Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      publicKey,
    ]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(`${text}\n`), key, blob.subarray(4))).toBe(
      true,
    );
    expect(verifyCheckpoint(note, keys.verifierKey).treeSize).toBe(3);
  });

  it('rejects tampered notes, other keys and mismatched origins', () => {
    const signer = parseSignerKey(keys.signerKey);
    const note = signCheckpoint(
      { origin, treeSize: 3, rootHash: root },
      signer,
    );
    expect(() =>
      verifyCheckpoint(note.replace('\n3\n', '\n4\n'), keys.verifierKey),
    ).toThrow(/does not verify/);
    expect(() =>
      verifyCheckpoint(note, generateNoteKeys(origin).verifierKey),
    ).toThrow(/no signature/);
    const other = generateNoteKeys('other.example/log');
    const foreign = signCheckpoint(
      { origin, treeSize: 3, rootHash: root },
      parseSignerKey(other.signerKey),
    );
    expect(() => verifyCheckpoint(foreign, other.verifierKey)).toThrow(
      /origin/,
    );
    expect(() => verifyCheckpoint('garbage', keys.verifierKey)).toThrow(
      /malformed/,
    );
    expect(() =>
      parseVerifierKey(
        keys.verifierKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'),
      ),
    ).toThrow(/hash/);
    expect(() => parseCheckpoint(`${origin}\n-1\nAAAA\n`)).toThrow(/tree size/);
  });

  it('anchors the sha256 of the whole signed note', () => {
    const note = signCheckpoint(
      { origin, treeSize: 3, rootHash: root },
      parseSignerKey(keys.signerKey),
    );
    expect(checkpointAnchorData(note)).toBe(
      `0x${createHash('sha256').update(note).digest('hex')}`,
    );
  });
});
