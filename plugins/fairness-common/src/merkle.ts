import { sha256Bytes as sha256 } from './games';
import { bytesEqual } from './encoding';

// RFC 9162 §2.1: SHA-256 with domain separation between leaves and nodes.
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** MTH({d}) = SHA-256(0x00 || d). @public */
export function hashLeaf(data: Uint8Array): Uint8Array {
  const buf = new Uint8Array(data.length + 1);
  buf[0] = LEAF_PREFIX;
  buf.set(data, 1);
  return sha256(buf);
}

/** SHA-256(0x01 || left || right). @public */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(left.length + right.length + 1);
  buf[0] = NODE_PREFIX;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

/** The Merkle tree hash of the empty tree, SHA-256 of the empty string. @public */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/** Largest power of two strictly smaller than n (n \>= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

function isSafeSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * A half-open range of leaves [start, end) whose Merkle tree hash is one
 * element of a proof.
 * @public
 */
export type LeafRange = { start: number; end: number };

/**
 * A perfect, aligned subtree: `level` 0 is a leaf hash, level L covers leaves
 * [index * 2^L, (index + 1) * 2^L). Such nodes never change once the tree has
 * grown past them, which is what makes them storable (append-only).
 * @public
 */
export type TreeNodeId = { level: number; index: number };

/** Ranges whose hashes make up PATH(m, D[start:end]) of RFC 9162 §2.1.3.1, leaf to root. */
function pathRanges(m: number, start: number, end: number, out: LeafRange[]) {
  const n = end - start;
  if (n <= 1) {
    return;
  }
  const k = splitPoint(n);
  if (m < k) {
    pathRanges(m, start, start + k, out);
    out.push({ start: start + k, end });
  } else {
    pathRanges(m - k, start + k, end, out);
    out.push({ start, end: start + k });
  }
}

/** Ranges whose hashes make up SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1. */
function subproofRanges(
  m: number,
  start: number,
  end: number,
  b: boolean,
  out: LeafRange[],
) {
  const n = end - start;
  if (m === n) {
    if (!b) {
      out.push({ start, end });
    }
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproofRanges(m, start, start + k, b, out);
    out.push({ start: start + k, end });
  } else {
    subproofRanges(m - k, start + k, end, false, out);
    out.push({ start, end: start + k });
  }
}

/**
 * The leaf ranges of an inclusion proof for leaf `index` in a tree of `treeSize`.
 * @public
 */
export function inclusionProofRanges(
  index: number,
  treeSize: number,
): LeafRange[] {
  if (!isSafeSize(index) || !isSafeSize(treeSize) || index >= treeSize) {
    throw new RangeError(
      `leaf index ${index} is not in a tree of size ${treeSize}`,
    );
  }
  const out: LeafRange[] = [];
  pathRanges(index, 0, treeSize, out);
  return out;
}

/**
 * The leaf ranges of a consistency proof from `oldSize` to `newSize`
 * (empty when oldSize is 0 or equals newSize).
 * @public
 */
export function consistencyProofRanges(
  oldSize: number,
  newSize: number,
): LeafRange[] {
  if (!isSafeSize(oldSize) || !isSafeSize(newSize) || oldSize > newSize) {
    throw new RangeError(
      `cannot prove size ${oldSize} consistent with size ${newSize}`,
    );
  }
  const out: LeafRange[] = [];
  if (oldSize > 0 && oldSize < newSize) {
    subproofRanges(oldSize, 0, newSize, true, out);
  }
  return out;
}

/**
 * Splits a range into the perfect aligned subtrees whose hashes determine its
 * Merkle tree hash (left to right). Every range that occurs in an RFC 9162
 * proof decomposes into at most log2(n) + 1 such nodes.
 * @public
 */
export function rangeNodes({ start, end }: LeafRange): TreeNodeId[] {
  const nodes: TreeNodeId[] = [];
  let pos = start;
  while (pos < end) {
    let level = 0;
    while (pos % 2 ** (level + 1) === 0 && pos + 2 ** (level + 1) <= end) {
      level++;
    }
    nodes.push({ level, index: pos / 2 ** level });
    pos += 2 ** level;
  }
  return nodes;
}

/**
 * Combines the perfect subtrees of a range (as returned by {@link rangeNodes})
 * into the range's Merkle tree hash. MTH splits at the largest power of two, so
 * the right-most nodes are combined first.
 * @public
 */
export function combineRangeNodes(hashes: Uint8Array[]): Uint8Array {
  if (hashes.length === 0) {
    return emptyRoot();
  }
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) {
    acc = hashChildren(hashes[i], acc);
  }
  return acc;
}

/** Reads a perfect subtree hash; used to build proofs from stored nodes. @public */
export type TreeNodeReader = (node: TreeNodeId) => Uint8Array;

/** Merkle tree hash of a leaf range, reading only perfect subtree hashes. @public */
export function rangeHash(range: LeafRange, read: TreeNodeReader): Uint8Array {
  return combineRangeNodes(rangeNodes(range).map(read));
}

/** Every perfect node needed to answer the given ranges (deduplicated). @public */
export function nodesForRanges(ranges: LeafRange[]): TreeNodeId[] {
  const seen = new Map<string, TreeNodeId>();
  for (const range of ranges) {
    for (const node of rangeNodes(range)) {
      seen.set(`${node.level}:${node.index}`, node);
    }
  }
  return [...seen.values()];
}

/** A node reader over in-memory leaf hashes, memoizing perfect subtrees. */
function leafHashReader(leafHashes: Uint8Array[]): TreeNodeReader {
  const memo = new Map<string, Uint8Array>();
  const read: TreeNodeReader = ({ level, index }) => {
    if (level === 0) {
      return leafHashes[index];
    }
    const key = `${level}:${index}`;
    let hash = memo.get(key);
    if (!hash) {
      hash = hashChildren(
        read({ level: level - 1, index: index * 2 }),
        read({ level: level - 1, index: index * 2 + 1 }),
      );
      memo.set(key, hash);
    }
    return hash;
  };
  return read;
}

/** MTH over already-hashed leaves. @public */
export function rootHashFromLeafHashes(leafHashes: Uint8Array[]): Uint8Array {
  return rangeHash(
    { start: 0, end: leafHashes.length },
    leafHashReader(leafHashes),
  );
}

/** MTH(D[n]) over leaf data (RFC 9162 §2.1.1). @public */
export function rootHash(leaves: Uint8Array[]): Uint8Array {
  return rootHashFromLeafHashes(leaves.map(hashLeaf));
}

/** PATH(index, D[n]) over leaf data, leaf-to-root order (RFC 9162 §2.1.3.1). @public */
export function inclusionProof(
  leaves: Uint8Array[],
  index: number,
): Uint8Array[] {
  const read = leafHashReader(leaves.map(hashLeaf));
  return inclusionProofRanges(index, leaves.length).map(r =>
    rangeHash(r, read),
  );
}

/** PROOF(oldSize, D[n]) over leaf data (RFC 9162 §2.1.4.1). @public */
export function consistencyProof(
  leaves: Uint8Array[],
  oldSize: number,
): Uint8Array[] {
  const read = leafHashReader(leaves.map(hashLeaf));
  return consistencyProofRanges(oldSize, leaves.length).map(r =>
    rangeHash(r, read),
  );
}

function isPowerOfTwo(n: number): boolean {
  let k = n;
  while (k > 1 && k % 2 === 0) {
    k /= 2;
  }
  return k === 1;
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === 32;
}

function isProof(proof: unknown): proof is Uint8Array[] {
  return Array.isArray(proof) && proof.every(isHash);
}

/**
 * Verifies an inclusion proof as RFC 9162 §2.1.3.2 specifies. Returns false for
 * any proof that does not verify, including malformed input.
 * @public
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(leafHash) || !isHash(root) || !isProof(proof)) {
    return false;
  }
  if (!isSafeSize(index) || !isSafeSize(treeSize) || index >= treeSize) {
    return false;
  }
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) {
      return false;
    }
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * Verifies a consistency proof as RFC 9162 §2.1.4.2 specifies. A tree is
 * consistent with itself (empty proof, equal roots) and every tree is
 * consistent with the empty tree (empty proof). Returns false for malformed
 * input.
 * @public
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: Uint8Array[],
): boolean {
  if (!isHash(oldRoot) || !isHash(newRoot) || !isProof(proof)) {
    return false;
  }
  if (!isSafeSize(oldSize) || !isSafeSize(newSize) || oldSize > newSize) {
    return false;
  }
  if (oldSize === 0) {
    return proof.length === 0 && bytesEqual(oldRoot, emptyRoot());
  }
  if (oldSize === newSize) {
    return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  }
  if (proof.length === 0) {
    return false;
  }
  // If oldSize is a power of two the old root itself is the first node.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0) {
      return false;
    }
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot) && sn === 0;
}
