import { NotFoundError } from '@backstage/errors';
import {
  TILE_HEIGHT,
  TILE_WIDTH,
  TileId,
  TreeHead,
  bytesToHex,
  encodeEntryBundle,
  encodeRound,
  hashLeaf,
  tilePath,
  tileWidthAt,
} from '@internal/plugin-fairness-common';
import { FairnessStore, nodeKey } from '../database/FairnessStore';

/** Bytes of tiles kept in memory per reader (full tiles are 8 kB, bundles larger). */
const CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Serves the log in the C2SP tlog-tiles layout: the latest signed
 * checkpoint, hash tiles and entry bundles, all derived from the stored leaf
 * and node hashes and bounded by the latest checkpoint, so nothing is
 * visible before a signed tree head covers it. Full tiles are stored the
 * first time they are produced and served from storage ever after.
 *
 * Every resource is immutable once served (a path names a tile of one
 * width, partial ones included), so recent ones are kept in memory; and the
 * published size only grows, so a tile within the size seen last needs no
 * query for the head.
 */
export class TileReader {
  #publishedSize = 0;
  readonly #cache = new Map<string, Uint8Array>();
  #cachedBytes = 0;

  constructor(
    private readonly store: FairnessStore,
    /** The published head (with witnesses: the latest witnessed one). */
    private readonly published: () => Promise<TreeHead | undefined> = () =>
      store.getLatestTreeHead(),
    private readonly cacheBytes: number = CACHE_BYTES,
  ) {}

  #remember(path: string, data: Uint8Array): Uint8Array {
    this.#cache.set(path, data);
    this.#cachedBytes += data.length;
    // Map iteration is insertion order, and a hit re-inserts: drop the least
    // recently used first.
    for (const [key, value] of this.#cache) {
      if (this.#cachedBytes <= this.cacheBytes) break;
      this.#cache.delete(key);
      this.#cachedBytes -= value.length;
    }
    return data;
  }

  /** The latest signed checkpoint note; NotFoundError before the first. */
  async checkpoint(): Promise<string> {
    const head = await this.published();
    if (!head) {
      throw new NotFoundError('the log has not signed a checkpoint yet');
    }
    return head.note;
  }

  /** The bytes of a hash tile or entry bundle; NotFoundError beyond the checkpoint. */
  async read(tile: TileId): Promise<Uint8Array> {
    const path = tilePath(tile);
    const level = tile.level === 'entries' ? 0 : tile.level;
    if (tile.width > tileWidthAt(level, tile.index, this.#publishedSize)) {
      const head = await this.published();
      this.#publishedSize = Math.max(this.#publishedSize, head?.treeSize ?? 0);
      if (tile.width > tileWidthAt(level, tile.index, this.#publishedSize)) {
        throw new NotFoundError(
          `tile '${path}' is not part of the latest checkpoint (tree size ${
            head?.treeSize ?? 0
          })`,
        );
      }
    }
    const cached = this.#cache.get(path);
    if (cached) {
      // Least recently used goes first: the upper tiles every proof needs stay.
      this.#cache.delete(path);
      this.#cache.set(path, cached);
      return cached;
    }
    if (tile.width < TILE_WIDTH) {
      return this.#remember(path, await this.#build(tile, path));
    }
    return this.#remember(
      path,
      (await this.store.getTile(path)) ??
        (await this.store.putTile(path, await this.#build(tile, path))),
    );
  }

  async #build(tile: TileId, path: string): Promise<Uint8Array> {
    const start = tile.index * TILE_WIDTH;
    if (tile.level === 'entries') {
      const rounds = await this.store.getRoundsByLeafRange(
        start,
        start + tile.width,
      );
      const entries = rounds.map(round => encodeRound(round));
      // Every entry must hash to its recorded leaf, or the bundle would not
      // match the level-0 tile: refuse rather than serve it.
      if (
        rounds.length !== tile.width ||
        rounds.some(
          (round, i) =>
            round.leafIndex !== start + i ||
            bytesToHex(hashLeaf(entries[i])) !== round.leafHash,
        )
      ) {
        throw new Error(`the rounds of '${path}' do not match their leaves`);
      }
      return encodeEntryBundle(entries);
    }
    const ids = Array.from({ length: tile.width }, (_, i) => ({
      level: (tile.level as number) * TILE_HEIGHT,
      index: start + i,
    }));
    const nodes = await this.store.readNodes(ids);
    const out = new Uint8Array(tile.width * 32);
    ids.forEach((id, i) => {
      const hash = nodes.get(nodeKey(id));
      if (!hash) {
        throw new Error(`tree node ${nodeKey(id)} of '${path}' is missing`);
      }
      out.set(hash, i * 32);
    });
    return out;
  }
}
