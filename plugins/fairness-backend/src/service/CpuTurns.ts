/**
 * Lets CPU-heavy request work (parsing, validating and encoding a batch of
 * rounds) run one job per event-loop turn, in arrival order. Without it, a
 * turn that read 20 batch bodies also parsed all 20 before the loop polled
 * again, and every other socket - a witness's cosignature, an auditor's
 * GET /checkpoint, a permission check - waited a whole such turn for each
 * step (seconds at saturation on SQLite, whose driver answers
 * synchronously). One job per turn keeps those waits to about one job.
 */
export class CpuTurns {
  readonly #waiting: Array<() => void> = [];
  #scheduled = false;

  /** Resolves at the start of this caller's own turn (a later setImmediate). */
  next(): Promise<void> {
    return new Promise(resolve => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }

  #schedule() {
    if (this.#scheduled || this.#waiting.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // The job runs in this callback's microtasks; the next waiter gets the
      // next check phase, after the loop polled I/O.
      this.#waiting.shift()!();
      this.#schedule();
    });
  }
}
