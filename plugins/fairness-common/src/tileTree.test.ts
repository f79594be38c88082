import { hashLeaf, rootHash } from './merkle';
import { rootFromTiles } from './tileTree';

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
