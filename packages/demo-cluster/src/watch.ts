import http from 'node:http';
import {
  ClusterState,
  DemoClusterModel,
  K8sObject,
  ResourceKey,
} from './model';

/** One change of one object, as a watch stream carries it. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: ResourceKey;
  object: K8sObject;
  /** The resourceVersion of this change (the object's own). */
  rv: number;
}

/** What one watch request asked for. */
export interface WatchRequest {
  key: ResourceKey;
  kind: string;
  apiVersion: string;
  /** Only objects for which this is true (namespace and selectors). */
  matches: (o: K8sObject) => boolean;
  /** undefined or 0: synthetic ADDED events for the current objects first. */
  resourceVersion?: number;
  bookmarks: boolean;
  timeoutMs: number;
}

/** Options of {@link WatchHub}. */
export interface WatchHubOptions {
  /** How long changes stay available to resume a watch from (etcd compaction). */
  retentionMs?: number;
  /** At most this many changes are kept, whatever their age. */
  maxEvents?: number;
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK. */
  bookmarkIntervalMs?: number;
  /** Serializes an object (the server's cached JSON). */
  toJson: (o: K8sObject) => string;
}

interface Watcher {
  request: WatchRequest;
  res: http.ServerResponse;
  /** The newest resourceVersion this watcher has been sent or skipped past. */
  rv: number;
  close(): void;
}

/** A slow client that lets this much pile up is dropped, as the API server does. */
const MAX_BUFFERED_BYTES = 64 * 2 ** 20;

function rvOf(o: K8sObject): number {
  const n = Number(o.metadata.resourceVersion);
  return Number.isFinite(n) ? n : 0;
}

function withoutRv(o: K8sObject): string {
  return JSON.stringify({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined },
  });
}

function objectKey(o: K8sObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/**
 * Turns the model's successive immutable states into watch events for every
 * collection it serves, keeps them for a while so a watch can resume from a
 * resourceVersion, and streams them to watchers with the API server's
 * semantics: newline-delimited `{"type","object"}` JSON, BOOKMARK events, an
 * `ERROR` event with a 410 `Expired` Status for a resourceVersion older than
 * the kept history, and the stream closed after `timeoutSeconds`.
 *
 * Generic over collections: a kind the model adds to its state is watchable
 * once the server lists it. Changes are found by object identity (the model
 * replaces an object when it changes) and confirmed by content, so objects
 * rebuilt unchanged produce no event.
 */
export class WatchHub {
  private state: ClusterState;
  private readonly sets = new Map<ResourceKey, Set<K8sObject>>();
  private readonly events: Array<WatchEvent & { at: number }> = [];
  /** Watches from a resourceVersion below this are answered 410. */
  private compactedRv: number;
  private readonly watchers = new Set<Watcher>();
  private readonly retentionMs: number;
  private readonly maxEvents: number;
  private readonly bookmarkIntervalMs: number;

  constructor(
    private readonly model: DemoClusterModel,
    private readonly options: WatchHubOptions,
  ) {
    this.state = model.current();
    this.compactedRv = this.state.resourceVersion;
    this.retentionMs = options.retentionMs ?? 5 * 60_000;
    this.maxEvents = options.maxEvents ?? 200_000;
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
  }

  /** The newest resourceVersion observed. */
  resourceVersion(): number {
    return this.state.resourceVersion;
  }

  /** The oldest resourceVersion a watch may still start from. */
  oldestResourceVersion(): number {
    return this.compactedRv;
  }

  /** Picks up the model's latest state; returns how many changes it found. */
  observe(): number {
    const next = this.model.current();
    if (next === this.state) {
      return 0;
    }
    const prev = this.state;
    const fresh: WatchEvent[] = [];
    for (const [key, items] of next.collections) {
      const before = prev.collections.get(key) ?? [];
      if (before === items) {
        continue;
      }
      const beforeSet = this.sets.get(key) ?? new Set(before);
      const nowSet = new Set(items);
      const changed = items.filter(o => !beforeSet.has(o));
      const gone = before.filter(o => !nowSet.has(o));
      const goneByKey = new Map(gone.map(o => [objectKey(o), o]));
      for (const o of changed) {
        const old = goneByKey.get(objectKey(o));
        if (old) {
          goneByKey.delete(objectKey(o));
          if (withoutRv(old) === withoutRv(o)) {
            continue;
          }
        }
        fresh.push({
          type: old ? 'MODIFIED' : 'ADDED',
          key,
          object: this.stamped(o, prev.resourceVersion, next.resourceVersion),
          rv: 0,
        });
      }
      for (const o of goneByKey.values()) {
        // a deletion is a change of its own, at the state's version
        fresh.push({
          type: 'DELETED',
          key,
          object: {
            ...o,
            metadata: {
              ...o.metadata,
              resourceVersion: String(next.resourceVersion),
            },
          },
          rv: 0,
        });
      }
      this.sets.set(key, nowSet);
    }
    for (const e of fresh) {
      e.rv = rvOf(e.object);
    }
    fresh.sort((a, b) => a.rv - b.rv);
    this.state = next;
    const at = Date.now();
    for (const e of fresh) {
      this.events.push({ ...e, at });
    }
    this.compact(at);
    for (const w of this.watchers) {
      this.send(w, fresh, next.resourceVersion);
    }
    return fresh.length;
  }

  /** An object's own resourceVersion if it is newer than `after`, else a new one. */
  private stamped(o: K8sObject, after: number, now: number): K8sObject {
    return rvOf(o) > after
      ? o
      : { ...o, metadata: { ...o.metadata, resourceVersion: String(now) } };
  }

  private compact(now: number) {
    let drop = 0;
    while (
      drop < this.events.length &&
      (this.events.length - drop > this.maxEvents ||
        now - this.events[drop].at >= this.retentionMs)
    ) {
      drop++;
    }
    if (drop > 0) {
      this.compactedRv = this.events[drop - 1].rv;
      this.events.splice(0, drop);
    }
  }

  private line(w: Watcher, type: string, object: string) {
    w.res.write(`{"type":"${type}","object":${object}}\n`);
    if (w.res.writableLength > MAX_BUFFERED_BYTES) {
      w.close();
    }
  }

  private send(w: Watcher, events: readonly WatchEvent[], upTo: number) {
    const { request } = w;
    for (const e of events) {
      if (e.key !== request.key || e.rv <= w.rv) {
        continue;
      }
      w.rv = e.rv;
      let type: string = e.type;
      if (!request.matches(e.object)) {
        // an object that no longer matches the selector leaves the watch
        if (e.type !== 'MODIFIED') continue;
        type = 'DELETED';
      }
      this.line(w, type, this.options.toJson(e.object));
    }
    w.rv = Math.max(w.rv, upTo);
  }

  private bookmark(w: Watcher) {
    this.line(
      w,
      'BOOKMARK',
      JSON.stringify({
        kind: w.request.kind,
        apiVersion: w.request.apiVersion,
        metadata: { resourceVersion: String(w.rv) },
      }),
    );
  }

  /** Streams a watch to `res` until the client leaves or it times out. */
  serve(request: WatchRequest, res: http.ServerResponse): void {
    this.observe();
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Audit-Id': `demo-${Date.now().toString(36)}`,
    });
    res.flushHeaders();
    const start = request.resourceVersion;
    if (start !== undefined && start !== 0 && start < this.compactedRv) {
      res.end(
        `${JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `too old resource version: ${start} (${this.compactedRv})`,
            reason: 'Expired',
            code: 410,
          },
        })}\n`,
      );
      return;
    }
    const timers: { bookmark?: NodeJS.Timeout; timeout?: NodeJS.Timeout } = {};
    const watcher: Watcher = {
      request,
      res,
      rv: start ?? 0,
      close: () => {
        if (!this.watchers.delete(watcher)) return;
        clearInterval(timers.bookmark);
        clearTimeout(timers.timeout);
        res.end();
      },
    };
    if (!start) {
      // "Get State and Start at Most Recent": the current objects as ADDED
      for (const o of this.state.collections.get(request.key) ?? []) {
        if (request.matches(o)) {
          this.line(watcher, 'ADDED', this.options.toJson(o));
        }
      }
      watcher.rv = this.state.resourceVersion;
    } else {
      const from = this.firstAfter(start);
      this.send(watcher, this.events.slice(from), this.state.resourceVersion);
    }
    this.watchers.add(watcher);
    if (request.bookmarks) {
      timers.bookmark = setInterval(
        () => this.bookmark(watcher),
        this.bookmarkIntervalMs,
      );
      timers.bookmark.unref();
    }
    timers.timeout = setTimeout(() => watcher.close(), request.timeoutMs);
    timers.timeout.unref();
    res.on('close', () => watcher.close());
  }

  private firstAfter(rv: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Ends every open watch (server shutdown). */
  closeAll(): void {
    for (const w of [...this.watchers]) {
      w.close();
    }
  }
}
