import {
  hashLeaf,
  inclusionProof,
  rootHash,
  rootHashFromLeafHashes,
} from './merkle';
import {
  inclusionProofFromTiles,
  inclusionProofTiles,
  nodeFromTiles,
  rootFromTiles,
} from './tileTree';
import { tileWidthAt } from './tiles';

describe('rootFromTiles', () => {
  it('recomputes the root of every tree size from 256-wide tiles', () => {
    const leaves = Array.from({ length: 600 }, (_, i) =>
      new TextEncoder().encode(`leaf ${i}`),
    );
    const level0 = leaves.map(hashLeaf);
    const level1 = [0, 1].map(j =>
      rootHash(leaves.slice(j * 256, j * 256 + 256)),
    );
    for (let size = 1; size <= 600; size += size < 300 ? 1 : 37) {
      // Tiles as a mirror of this size holds them (partial ones included).
      const read = (level: number, index: number) => {
        const row =
          level === 0
            ? level0.slice(0, size)
            : level1.slice(0, Math.floor(size / 256));
        const tile = row.slice(index * 256, index * 256 + 256);
        return tile.length ? Buffer.concat(tile) : undefined;
      };
      expect(Buffer.from(rootFromTiles(size, read)).toString('hex')).toBe(
        Buffer.from(rootHash(leaves.slice(0, size))).toString('hex'),
      );
    }
  });
});

describe('nodeFromTiles', () => {
  const leaves = Array.from({ length: 300 }, (_, i) =>
    new TextEncoder().encode(`node ${i}`),
  );
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

  it('hashes every node of a tile right, first and again from the same tile object', () => {
    const tile = Buffer.concat(leaves.slice(0, 256).map(hashLeaf));
    const read = () => tile;
    for (const pass of ['first', 'memoized']) {
      for (let height = 0; height < 8; height++) {
        for (let index = 0; index < 256 >> height; index++) {
          const span = 2 ** height;
          expect([
            pass,
            height,
            index,
            hex(nodeFromTiles({ level: height, index }, read)),
          ]).toEqual([
            pass,
            height,
            index,
            hex(rootHash(leaves.slice(index * span, (index + 1) * span))),
          ]);
        }
      }
    }
  });

  it('hands out copies, so a caller cannot change what later proofs see', () => {
    const tile = Buffer.concat(leaves.slice(0, 256).map(hashLeaf));
    const node = nodeFromTiles({ level: 3, index: 1 }, () => tile);
    const expected = hex(node);
    node.fill(0);
    expect(hex(nodeFromTiles({ level: 3, index: 1 }, () => tile))).toBe(
      expected,
    );
  });

  it('refuses a node the tile does not reach', () => {
    const tile = Buffer.concat(leaves.slice(0, 5).map(hashLeaf));
    expect(() => nodeFromTiles({ level: 3, index: 0 }, () => tile)).toThrow(
      'tile 0/0 lacks hashes 0..7',
    );
  });
});

describe('inclusionProofFromTiles', () => {
  it('equals the proof over the leaves, for every leaf of small trees and the edges of a three-level one', () => {
    const all = Array.from({ length: 65_540 }, (_, i) =>
      new TextEncoder().encode(`proof ${i}`),
    );
    // rows[L]: the hashes tile level L holds (full subtrees of 256^L leaves).
    const rows = [all.map(hashLeaf)];
    while (rows[rows.length - 1].length >= 256) {
      const below = rows[rows.length - 1];
      rows.push(
        Array.from({ length: Math.floor(below.length / 256) }, (_, j) =>
          rootHashFromLeafHashes(below.slice(j * 256, j * 256 + 256)),
        ),
      );
    }
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    // Tile objects reused across proofs, as a caching reader hands them out.
    const tiles = new Map<string, Uint8Array>();
    const tileOf = (level: number, index: number, size: number) => {
      const width = tileWidthAt(level, index, size);
      const key = `${level}/${index}/${width}`;
      if (!tiles.has(key) && width > 0) {
        tiles.set(
          key,
          Buffer.concat(rows[level].slice(index * 256, index * 256 + width)),
        );
      }
      return tiles.get(key);
    };
    for (const size of [1, 2, 255, 256, 257, 600, 65_536, 65_539]) {
      let picks = [0, 65_279, size - 1];
      if (size === 65_536) picks = [65_279];
      if (size <= 600) picks = Array.from({ length: size }, (_, i) => i);
      for (const leaf of picks) {
        const fetched = inclusionProofTiles(leaf, size);
        // Only the tiles it names are there.
        const read = (level: number, index: number) =>
          fetched.some(t => t.level === level && t.index === index)
            ? tileOf(level, index, size)
            : undefined;
        const proof = inclusionProofFromTiles(leaf, size, read);
        expect([size, leaf, proof.map(hex)]).toEqual([
          size,
          leaf,
          inclusionProof(all.slice(0, size), leaf).map(hex),
        ]);
      }
    }
  });
});
