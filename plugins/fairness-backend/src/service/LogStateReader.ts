import { TreeHead } from '@internal/plugin-fairness-common';

/** What the browse routes' cached pages are keyed by. */
export type LogState = {
  /** Rounds in the log (the next leaf index). */
  treeSize: number;
  /** The latest signed head, undefined before the first. */
  head: TreeHead | undefined;
};

/**
 * Reads the log's size and latest head (two index lookups). Reads that
 * arrive while one is in flight share it, unless a write went through this
 * process since it started: a caller whose write was answered sees it in its
 * next read. Writes in other replicas are seen by the next read that starts
 * after them, as without sharing.
 */
export class LogStateReader {
  #writes = 0;
  #inFlight: { writes: number; value: Promise<LogState> } | undefined;

  constructor(
    private readonly log: {
      countRounds(filter: {}): Promise<number>;
      latestTreeHead(): Promise<TreeHead | undefined>;
    },
  ) {}

  /** Call after each write through this process completes (rounds, heads). */
  wrote(): void {
    this.#writes += 1;
  }

  read(): Promise<LogState> {
    const flight = this.#inFlight;
    if (flight && flight.writes === this.#writes) return flight.value;
    const entry = {
      writes: this.#writes,
      value: Promise.all([
        this.log.countRounds({}),
        this.log.latestTreeHead(),
      ]).then(([treeSize, head]) => ({ treeSize, head })),
    };
    this.#inFlight = entry;
    const done = () => {
      if (this.#inFlight === entry) this.#inFlight = undefined;
    };
    entry.value.then(done, done);
    return entry.value;
  }
}
