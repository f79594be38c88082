/*
 * An independent reader of a tiled log, written from the C2SP specs
 * (tlog-tiles, tlog-checkpoint, signed-note) with node:crypto only, so that
 * the log's tiles are checked against the text of the spec rather than
 * against the code that produced them.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';

const sha256 = (...parts: Uint8Array[]) =>
  createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (entry: Uint8Array) => sha256(Buffer.from([0]), entry);
const nodeHash = (l: Uint8Array, r: Uint8Array) =>
  sha256(Buffer.from([1]), l, r);

/** RFC 6962 MTH over leaf hashes: split at the largest power of two below n. */
export function mth(hashes: Buffer[]): Buffer {
  if (hashes.length === 0) return sha256();
  if (hashes.length === 1) return hashes[0];
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(mth(hashes.slice(0, k)), mth(hashes.slice(k)));
}

/** `<N>`: 3-digit groups, all but the last prefixed with 'x'. */
function indexPath(n: number): string {
  const digits = String(n);
  const padded = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups = padded.match(/.../g)!;
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

function path(level: number | 'entries', index: number, width: number) {
  return `tile/${level}/${indexPath(index)}${width < 256 ? `.p/${width}` : ''}`;
}

/** Verifies a signed note by a `<name>+<hex hash>+<base64 key>` verifier key. */
export function openSignedNote(note: string, verifierKey: string): string {
  // The base64 key may itself contain '+'.
  const [name, hash, ...rest] = verifierKey.split('+');
  const key = rest.join('+');
  const keyBytes = Buffer.from(key, 'base64');
  if (keyBytes[0] !== 1 || keyBytes.length !== 33) {
    throw new Error('not an Ed25519 verifier key');
  }
  const expectedHash = sha256(
    Buffer.from(`${name}\n`),
    Buffer.from([1]),
    keyBytes.subarray(1),
  ).subarray(0, 4);
  if (expectedHash.toString('hex') !== hash) {
    throw new Error('verifier key hash mismatch');
  }
  const publicKey = createPublicKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      x: keyBytes.subarray(1).toString('base64url'),
    },
    format: 'jwk',
  });
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  for (const line of note.slice(split + 2).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!m || m[1] !== name) continue;
    const blob = Buffer.from(m[2], 'base64');
    if (!blob.subarray(0, 4).equals(expectedHash)) continue;
    if (verify(null, Buffer.from(text), publicKey, blob.subarray(4))) {
      return text;
    }
  }
  throw new Error(`no valid signature by ${name}`);
}

function decodeBundle(bundle: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < bundle.length) {
    const length = bundle.readUInt16BE(pos);
    out.push(bundle.subarray(pos + 2, pos + 2 + length));
    pos += 2 + length;
  }
  if (pos !== bundle.length) throw new Error('bundle overruns');
  return out;
}

function hashesOf(tile: Buffer, width: number): Buffer[] {
  if (tile.length !== width * 32) {
    throw new Error(`tile of ${tile.length} bytes, expected ${width * 32}`);
  }
  return Array.from({ length: width }, (_, i) =>
    tile.subarray(i * 32, i * 32 + 32),
  );
}

/**
 * Reads the whole log at its checkpoint through `fetch` (a path relative to
 * the log's prefix, e.g. `checkpoint` or `tile/0/000.p/5`), verifying the
 * checkpoint signature, every entry against its level-0 hash, every upper
 * tile hash against the tile below and the root against the checkpoint.
 */
export async function readLogFromTiles(
  fetch: (path: string) => Promise<Buffer>,
  verifierKey: string,
): Promise<{ size: number; entries: Buffer[]; fetched: string[] }> {
  const fetched: string[] = [];
  const get = (p: string) => {
    fetched.push(p);
    return fetch(p);
  };
  const text = openSignedNote(
    (await get('checkpoint')).toString('utf8'),
    verifierKey,
  );
  const [origin, sizeLine, rootLine] = text.split('\n');
  if (origin !== verifierKey.split('+')[0]) {
    throw new Error('origin is not the key name');
  }
  const size = Number(sizeLine);
  const root = Buffer.from(rootLine, 'base64');

  // Level 0 hashes and the entries they hash.
  const levels: Buffer[][] = [[]];
  const entries: Buffer[] = [];
  for (let n = 0; n * 256 < size; n++) {
    const width = Math.min(256, size - n * 256);
    const hashes = hashesOf(await get(path(0, n, width)), width);
    const bundle = decodeBundle(await get(path('entries', n, width)));
    if (bundle.length !== width) throw new Error(`bundle ${n} has ${width}`);
    bundle.forEach((entry, i) => {
      if (!leafHash(entry).equals(hashes[i])) {
        throw new Error(`entry ${n * 256 + i} does not hash to its tile`);
      }
    });
    levels[0].push(...hashes);
    entries.push(...bundle);
  }
  // Level L hashes: each the MTH of one full tile of level L - 1.
  for (let level = 1; Math.floor(size / 256 ** level) > 0; level++) {
    const count = Math.floor(size / 256 ** level);
    levels[level] = [];
    for (let n = 0; n * 256 < count; n++) {
      const width = Math.min(256, count - n * 256);
      const hashes = hashesOf(await get(path(level, n, width)), width);
      hashes.forEach((hash, i) => {
        const j = n * 256 + i;
        const below = levels[level - 1].slice(j * 256, j * 256 + 256);
        if (!mth(below).equals(hash)) {
          throw new Error(`tile hash ${level}/${j} is not MTH of its tile`);
        }
      });
      levels[level].push(...hashes);
    }
  }
  if (!mth(levels[0]).equals(root)) {
    throw new Error(`root of the tiles is not the checkpoint's (size ${size})`);
  }
  return { size, entries, fetched };
}
