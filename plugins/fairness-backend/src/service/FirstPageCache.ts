import { createHash } from 'node:crypto';

/** A response body serialized once, with the ETag Express would compute for it. */
export type SerializedBody = { body: Buffer; etag: string };

/** Serializes `value` as the JSON body Express's `res.json` would send. */
export function serializeBody(value: unknown): SerializedBody {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  // the weak ETag of Express's default `etag` setting (the etag package)
  const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return { body, etag: `W/"${body.length.toString(16)}-${hash}"` };
}

/**
 * The serialized newest pages of the log's browse routes (`GET /rounds`
 * without filters, `GET /tree-heads`), each kept under a key made of the log
 * state it was read at (tree size, signed tree size, latest head). The log is
 * append-only, so a page read at a given state never changes: a new round or
 * head is a new key, read at once. Entries also expire after `maxAgeMs`, so
 * a row changed behind the log's back (which the verification routes, never
 * cached, report) shows here too within that time. At most `maxEntries` keys
 * are kept (one per `limit` a client asks for). A computation in flight is
 * shared; a failed one is not kept.
 *
 * The cache holds what every caller allowed to read the log may see: the
 * routes check the caller's permission before they look here.
 */
export class FirstPageCache {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<SerializedBody> }
  >();

  constructor(
    private readonly options: {
      maxAgeMs: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  get(
    key: string,
    compute: () => Promise<SerializedBody>,
  ): Promise<SerializedBody> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.options.maxAgeMs) return hit.value;
    if (hit) this.entries.delete(key);
    while (this.entries.size >= this.options.maxEntries) {
      // the oldest insertion first (Map keeps insertion order)
      this.entries.delete(this.entries.keys().next().value!);
    }
    const entry = { at: now, value: compute() };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }
}
