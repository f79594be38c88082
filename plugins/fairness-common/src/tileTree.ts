import { sha256Bytes } from './games';
import {
  combineRangeNodes,
  inclusionProofRanges,
  rangeNodes,
  TreeNodeId,
} from './merkle';
import { TILE_HEIGHT, TILE_WIDTH, TileId, tileWidthAt } from './tiles';

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
 * The inner nodes of a tile (heights 1 to 7 above its hashes; height 8 is a
 * hash of the tile above), one height after the other: 128 + 64 + ... + 2 =
 * 254 slots of 32 bytes, each hashed at most once and only when asked for.
 */
type TileInterior = { hashes: Uint8Array; known: Uint8Array };

/**
 * Tiles are immutable, so the inner nodes hashed from one tile object are
 * kept with it: a reader that hands out the same object again (a cache)
 * gets the upper tiles of every later proof without hashing. Weak, so they
 * go when the tile does.
 */
const interiors = new WeakMap<Uint8Array, TileInterior>();

function interiorOf(tile: Uint8Array): TileInterior {
  let interior = interiors.get(tile);
  if (!interior) {
    interior = {
      hashes: new Uint8Array((TILE_WIDTH - 2) * 32),
      known: new Uint8Array(TILE_WIDTH - 2),
    };
    interiors.set(tile, interior);
  }
  return interior;
}

/** Slot of the inner node at `height` (1 to 7), `position` in its row. */
function slotOf(height: number, position: number): number {
  return TILE_WIDTH - (TILE_WIDTH >> (height - 1)) + position;
}

/**
 * 0x01 || left || right of RFC 9162 (as `hashChildren` builds it), reused:
 * the two children of a node lie side by side in the tile or in its
 * interior, so one copy of 64 bytes makes the message, and hashing is
 * synchronous and keeps no reference to it.
 */
const message = new Uint8Array(65);
message[0] = 0x01;

/** Hashes the inner node at `height`, `position` (and what it needs) once. */
function ensureInnerNode(
  tile: Uint8Array,
  interior: TileInterior,
  height: number,
  position: number,
): number {
  const slot = slotOf(height, position);
  if (!interior.known[slot]) {
    let children: Uint8Array;
    let at: number;
    if (height === 1) {
      children = tile;
      at = position * 64;
    } else {
      ensureInnerNode(tile, interior, height - 1, position * 2);
      ensureInnerNode(tile, interior, height - 1, position * 2 + 1);
      children = interior.hashes;
      at = slotOf(height - 1, position * 2) * 32;
    }
    message.set(children.subarray(at, at + 64), 1);
    interior.hashes.set(sha256Bytes(message), slot * 32);
    interior.known[slot] = 1;
  }
  return slot;
}

/**
 * The hash of a perfect subtree from tiles: a node of height 8L + r is the
 * Merkle hash of 2^r consecutive hashes of one level-L tile. Only the inner
 * nodes below it are hashed, and only once per tile object.
 * @public
 */
export function nodeFromTiles(
  node: TreeNodeId,
  read: TileHashSource,
): Uint8Array {
  const tileLevel = Math.floor(node.level / TILE_HEIGHT);
  const height = node.level % TILE_HEIGHT;
  const span = 2 ** height;
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
  if (height === 0) {
    return tile.slice(offset * 32, offset * 32 + 32);
  }
  const interior = interiorOf(tile);
  const slot = ensureInnerNode(tile, interior, height, offset / span);
  // A copy: the memoized hash stays as computed whatever the caller does.
  return interior.hashes.slice(slot * 32, slot * 32 + 32);
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

/**
 * The hash tiles (with their widths at `treeSize`) a client fetches to
 * compute the inclusion proof of leaf `index`, each named once.
 * @public
 */
export function inclusionProofTiles(index: number, treeSize: number): TileId[] {
  const tiles = new Map<string, TileId>();
  for (const range of inclusionProofRanges(index, treeSize)) {
    for (const node of rangeNodes(range)) {
      const level = Math.floor(node.level / TILE_HEIGHT);
      const first = node.index * 2 ** (node.level % TILE_HEIGHT);
      const tileIndex = Math.floor(first / TILE_WIDTH);
      tiles.set(`${level}/${tileIndex}`, {
        level,
        index: tileIndex,
        width: tileWidthAt(level, tileIndex, treeSize),
      });
    }
  }
  return [...tiles.values()];
}

/**
 * The RFC 9162 inclusion proof of leaf `index` in the tree of `treeSize`
 * leaves, from the tiles {@link inclusionProofTiles} names.
 * @public
 */
export function inclusionProofFromTiles(
  index: number,
  treeSize: number,
  read: TileHashSource,
): Uint8Array[] {
  return inclusionProofRanges(index, treeSize).map(range =>
    combineRangeNodes(rangeNodes(range).map(n => nodeFromTiles(n, read))),
  );
}
