import {
  hashChildren,
  combineRangeNodes,
  rangeNodes,
  TreeNodeId,
} from './merkle';
import { TILE_HEIGHT, TILE_WIDTH } from './tiles';

/**
 * Returns the hashes of tile (level, index) as far as the reader has them
 * (a full tile or its widest partial), or undefined when it has none.
 * @public
 */
export type TileHashSource = (
  level: number,
  index: number,
) => Uint8Array | undefined;

/**
 * The hash of a perfect subtree from tiles: a node of height 8L + r is the
 * Merkle hash of 2^r consecutive hashes of one level-L tile.
 * @public
 */
export function nodeFromTiles(
  node: TreeNodeId,
  read: TileHashSource,
): Uint8Array {
  const tileLevel = Math.floor(node.level / TILE_HEIGHT);
  const span = 2 ** (node.level % TILE_HEIGHT);
  const first = node.index * span;
  const tileIndex = Math.floor(first / TILE_WIDTH);
  const offset = first % TILE_WIDTH;
  const tile = read(tileLevel, tileIndex);
  if (!tile || tile.length < (offset + span) * 32) {
    throw new Error(
      `tile ${tileLevel}/${tileIndex} lacks hashes ${offset}..${
        offset + span - 1
      }`,
    );
  }
  let row: Uint8Array[] = Array.from({ length: span }, (_, i) =>
    tile.slice((offset + i) * 32, (offset + i + 1) * 32),
  );
  while (row.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < row.length; i += 2) {
      next.push(hashChildren(row[i], row[i + 1]));
    }
    row = next;
  }
  return row[0];
}

/** The root hash of the tree of `treeSize` leaves, from tiles alone. @public */
export function rootFromTiles(
  treeSize: number,
  read: TileHashSource,
): Uint8Array {
  return combineRangeNodes(
    rangeNodes({ start: 0, end: treeSize }).map(n => nodeFromTiles(n, read)),
  );
}
