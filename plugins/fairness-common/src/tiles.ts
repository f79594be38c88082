/**
 * C2SP tlog-tiles: how the Merkle tree and the log's entries are cut into
 * static, cacheable resources (https://c2sp.org/tlog-tiles).
 */

/** Hashes per full tile, and entries per full entry bundle. @public */
export const TILE_WIDTH = 256;

/** Tiles have height 8: a level-L tile holds tree nodes of height 8L. @public */
export const TILE_HEIGHT = 8;

/** Largest entry an entry bundle can carry (uint16 length prefix). @public */
export const MAX_BUNDLE_ENTRY = 0xffff;

/** A tile or entry bundle address; `width` below 256 means a partial one. @public */
export type TileId = {
  /** 0..63 for hash tiles; `'entries'` for entry bundles. */
  level: number | 'entries';
  index: number;
  width: number;
};

/**
 * `<N>` as zero-padded 3-digit path elements, all but the last prefixed
 * with `x`: 1234067 is `x001/x234/067`.
 */
function encodeIndex(index: number): string {
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** The resource path of a tile or entry bundle, e.g. `tile/0/x001/234.p/7`. @public */
export function tilePath(tile: TileId): string {
  const { level, index, width } = tile;
  if (
    !Number.isSafeInteger(index) ||
    index < 0 ||
    !Number.isInteger(width) ||
    width < 1 ||
    width > TILE_WIDTH ||
    (level !== 'entries' &&
      (!Number.isInteger(level) || level < 0 || level > 63))
  ) {
    throw new RangeError(`not a tile: ${JSON.stringify(tile)}`);
  }
  const partial = width < TILE_WIDTH ? `.p/${width}` : '';
  return `tile/${level}/${encodeIndex(index)}${partial}`;
}

/**
 * Parses the part of a tile path after `tile/<L>/` or `tile/entries/`
 * (`x001/234.p/7`), accepting only the canonical spelling so that every
 * resource has exactly one path. Returns undefined when it is not one.
 * @public
 */
export function parseTileIndex(
  text: string,
): { index: number; width: number } | undefined {
  const match =
    /^((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(text);
  if (!match) {
    return undefined;
  }
  const groups = [
    ...match[1]
      .split('/')
      .filter(Boolean)
      .map(g => g.slice(1)),
    match[2],
  ];
  if (groups.length > 1 && groups[0] === '000') {
    return undefined;
  }
  const index = Number(groups.join(''));
  const width = match[3] ? Number(match[3]) : TILE_WIDTH;
  if (!Number.isSafeInteger(index) || (match[3] && width >= TILE_WIDTH)) {
    return undefined;
  }
  return { index, width };
}

/**
 * Number of complete tree nodes at tile level `level` (tree height 8L) in a
 * tree of `treeSize` leaves: floor(treeSize / 256^level).
 * @public
 */
export function nodesAtTileLevel(level: number, treeSize: number): number {
  return Math.floor(treeSize / TILE_WIDTH ** level);
}

/**
 * How many of tile `index`'s hashes exist in a tree of `treeSize` (0 when the
 * tile is beyond the tree, 256 when it is full).
 * @public
 */
export function tileWidthAt(
  level: number,
  index: number,
  treeSize: number,
): number {
  const available = nodesAtTileLevel(level, treeSize) - index * TILE_WIDTH;
  return Math.max(0, Math.min(TILE_WIDTH, available));
}

/** Entries as big-endian uint16 length-prefixed records. @public */
export function encodeEntryBundle(entries: Uint8Array[]): Uint8Array {
  const size = entries.reduce((sum, e) => sum + 2 + e.length, 0);
  const out = new Uint8Array(size);
  let pos = 0;
  for (const entry of entries) {
    if (entry.length > MAX_BUNDLE_ENTRY) {
      throw new RangeError(
        `entry of ${entry.length} bytes does not fit an entry bundle`,
      );
    }
    out[pos] = entry.length >>> 8;
    out[pos + 1] = entry.length & 0xff;
    out.set(entry, pos + 2);
    pos += 2 + entry.length;
  }
  return out;
}

/** Splits an entry bundle; throws when it is truncated. @public */
export function decodeEntryBundle(bundle: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let pos = 0;
  while (pos < bundle.length) {
    if (pos + 2 > bundle.length) {
      throw new Error(`entry bundle truncated at byte ${pos}`);
    }
    const length = (bundle[pos] << 8) | bundle[pos + 1];
    if (pos + 2 + length > bundle.length) {
      throw new Error(`entry bundle truncated at byte ${pos}`);
    }
    entries.push(bundle.slice(pos + 2, pos + 2 + length));
    pos += 2 + length;
  }
  return entries;
}
