type Entry<T> = {
  at: number;
  value: Promise<T>;
  /** The value resolved (a failed computation is dropped). */
  settled: boolean;
  /** A newer value is being computed while this one is still served. */
  refreshing: boolean;
};

/**
 * Values computed from the cost store, reused by every caller with the same
 * key for `ttlMs` and dropped at once by `clear()` (after an import in this
 * process). A computation in flight is shared; a failed one is not kept.
 *
 * Past `ttlMs`, the first caller starts a new computation and callers keep
 * getting the previous value until it is done (stale while revalidating), so
 * no request waits for the periodic recomputation; a value older than twice
 * `ttlMs` (its refresh failed or hangs) is never served.
 */
export class ComputedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (hit && hit.settled && now - hit.at < 2 * this.ttlMs) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        const next = this.track(key, { at: now, value: compute() });
        next.value.then(
          () => {
            if (this.entries.get(key) === hit) this.entries.set(key, next);
          },
          () => {
            hit.refreshing = false;
          },
        );
      }
      return hit.value;
    }
    for (const [k, entry] of this.entries) {
      if (now - entry.at >= 2 * this.ttlMs) this.entries.delete(k);
    }
    const entry = this.track(key, { at: now, value: compute() });
    this.entries.set(key, entry);
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }

  private track(
    key: string,
    start: { at: number; value: Promise<T> },
  ): Entry<T> {
    const entry: Entry<T> = { ...start, settled: false, refreshing: false };
    entry.value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry;
  }
}
