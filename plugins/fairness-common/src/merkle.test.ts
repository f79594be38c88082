import { createHash } from 'node:crypto';
import {
  consistencyProof,
  emptyRoot,
  hashChildren,
  hashLeaf,
  inclusionProof,
  nodesForRanges,
  inclusionProofRanges,
  rootHash,
  rootHashFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

// A deliberately naive reference written straight from RFC 9162 §2.1 with
// node:crypto, sharing no code with the implementation under test.
const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  parts.forEach(p => h.update(p));
  return new Uint8Array(h.digest());
};
const k = (n: number) => {
  let x = 1;
  while (x * 2 < n) x *= 2;
  return x;
};
function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Uint8Array.of(0), d[0]);
  const s = k(d.length);
  return sha(Uint8Array.of(1), mth(d.slice(0, s)), mth(d.slice(s)));
}
function path(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const s = k(d.length);
  return m < s
    ? [...path(m, d.slice(0, s)), mth(d.slice(s))]
    : [...path(m - s, d.slice(s)), mth(d.slice(0, s))];
}
function subproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const s = k(d.length);
  return m <= s
    ? [...subproof(m, d.slice(0, s), b), mth(d.slice(s))]
    : [...subproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
}

const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => new TextEncoder().encode(`leaf-${i}`));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const MAX = 20;

describe('Merkle tree (RFC 9162)', () => {
  it('hashes the empty tree, leaves and nodes with domain separation', () => {
    expect(hex(emptyRoot())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(rootHash([]))).toBe(hex(emptyRoot()));
    const a = new Uint8Array([1, 2, 3]);
    expect(hex(hashLeaf(a))).toBe(hex(sha(Uint8Array.of(0), a)));
    expect(hex(hashChildren(a, a))).toBe(hex(sha(Uint8Array.of(1), a, a)));
    expect(hex(hashLeaf(new Uint8Array(0)))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  it('reproduces the a, b, c example of docs/auditors-guide.md', () => {
    const d = ['a', 'b', 'c'].map(x => new TextEncoder().encode(x));
    expect(hex(rootHash(d))).toBe(
      '36642e73c2540ab121e3a6bf9545b0a24982cd830eb13d3cd19de3ce6c021ec1',
    );
    expect(inclusionProof(d, 2).map(hex)).toEqual([
      'b137985ff484fb600db93107c77b0365c80d78f5b429ded0fd97361d077999eb',
    ]);
  });

  it('computes roots equal to the naive reference for sizes 0..64', () => {
    for (let n = 0; n <= 64; n++) {
      const d = leaves(n);
      expect(hex(rootHash(d))).toBe(hex(mth(d)));
      expect(hex(rootHashFromLeafHashes(d.map(hashLeaf)))).toBe(hex(mth(d)));
    }
  });

  it('produces and verifies every inclusion proof up to size 20', () => {
    for (let n = 1; n <= MAX; n++) {
      const d = leaves(n);
      const root = mth(d);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(d, i);
        expect(proof.map(hex)).toEqual(path(i, d).map(hex));
        expect(verifyInclusion(hashLeaf(d[i]), i, n, proof, root)).toBe(true);
      }
    }
  });

  it('rejects wrong and malformed inclusion proofs', () => {
    for (let n = 1; n <= MAX; n++) {
      const d = leaves(n);
      const root = mth(d);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(d, i);
        const leaf = hashLeaf(d[i]);
        const other = hashLeaf(new TextEncoder().encode('other'));
        expect(verifyInclusion(other, i, n, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, i, n, proof, mth(leaves(n + 1)))).toBe(
          false,
        );
        expect(verifyInclusion(leaf, n, n, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, -1, n, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, i, n, [...proof, leaf], root)).toBe(false);
        expect(
          verifyInclusion(leaf, i, n, [new Uint8Array(31), ...proof], root),
        ).toBe(false);
        expect(verifyInclusion(leaf, i, n, null as any, root)).toBe(false);
      }
    }
  });

  it('rejects proofs moved to another leaf, truncated or bit-flipped', () => {
    for (let n = 2; n <= MAX; n++) {
      const d = leaves(n);
      const root = mth(d);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(d, i);
        const leaf = hashLeaf(d[i]);
        expect(verifyInclusion(leaf, (i + 1) % n, n, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, i, n, proof.slice(1), root)).toBe(false);
        const flipped = proof.map(p => p.slice());
        flipped[0][0] ^= 1;
        expect(verifyInclusion(leaf, i, n, flipped, root)).toBe(false);
      }
    }
  });

  it('produces and verifies every consistency proof up to size 20', () => {
    for (let n = 0; n <= MAX; n++) {
      const d = leaves(n);
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(d, m);
        const expected = m === 0 || m === n ? [] : subproof(m, d, true);
        expect(proof.map(hex)).toEqual(expected.map(hex));
        expect(verifyConsistency(m, n, mth(d.slice(0, m)), mth(d), proof)).toBe(
          true,
        );
      }
    }
  });

  it('rejects wrong and malformed consistency proofs', () => {
    for (let n = 2; n <= MAX; n++) {
      const d = leaves(n);
      const forked = [...d.slice(0, n - 1), new TextEncoder().encode('forged')];
      for (let m = 1; m < n; m++) {
        const oldRoot = mth(d.slice(0, m));
        const proof = consistencyProof(d, m);
        // An old tree that was rewritten afterwards.
        const rewritten = [
          new TextEncoder().encode('rewritten'),
          ...d.slice(1),
        ];
        expect(
          verifyConsistency(m, n, mth(rewritten.slice(0, m)), mth(d), proof),
        ).toBe(false);
        expect(verifyConsistency(m, n, oldRoot, mth(forked), proof)).toBe(
          false,
        );
        expect(verifyConsistency(m, n, oldRoot, mth(d), [])).toBe(false);
        expect(
          verifyConsistency(m, n, oldRoot, mth(d), proof.slice(0, -1)),
        ).toBe(false);
        expect(
          verifyConsistency(m, n, oldRoot, mth(d), [...proof, oldRoot]),
        ).toBe(false);
        expect(verifyConsistency(n, m, oldRoot, mth(d), proof)).toBe(false);
        expect(
          verifyConsistency(m, n, oldRoot, mth(d), [new Uint8Array(3)]),
        ).toBe(false);
        expect(verifyConsistency(m, n, oldRoot, mth(d), 'x' as any)).toBe(
          false,
        );
      }
      expect(verifyConsistency(n, n, mth(d), mth(forked), [])).toBe(false);
    }
  });

  it('needs only O(log n) stored nodes for a proof in a 10 million leaf tree', () => {
    const ranges = inclusionProofRanges(7_654_321, 10_000_000);
    expect(ranges.length).toBeLessThanOrEqual(24);
    expect(nodesForRanges(ranges).length).toBeLessThanOrEqual(48);
    expect(() => inclusionProofRanges(10, 10)).toThrow(RangeError);
  });
});
