/**
 * Values computed from the cost store, reused by every caller with the same
 * key for at most `ttlMs` and dropped at once by `clear()` (after an import
 * in this process). A computation in flight is shared; a failed one is not
 * kept.
 */
export class ComputedCache<T> {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<T> }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    for (const [k, entry] of this.entries) {
      if (now - entry.at >= this.ttlMs) this.entries.delete(k);
    }
    const entry = { at: now, value: compute() };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }
}
