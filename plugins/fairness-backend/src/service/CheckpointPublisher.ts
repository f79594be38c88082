import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Publishes a checkpoint soon after rounds are ingested, like Tessera's
 * checkpoint interval: one publication at a time and at most one per
 * `intervalMs`; rounds that arrive meanwhile are covered by the next one.
 * So a round is in a published checkpoint within about the interval plus
 * one signing and cosigning, instead of waiting for the scheduled task.
 */
export class CheckpointPublisher {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #dirty = false;
  #lastStart = -Infinity;
  #stopped = false;

  constructor(
    private readonly options: {
      /** Signs a head over the current tree and has it cosigned. */
      publish: () => Promise<unknown>;
      intervalMs: number;
      logger: LoggerService;
    },
  ) {}

  /** Rounds were appended: publish a checkpoint that covers them. */
  notify(): void {
    this.#dirty = true;
    this.#schedule();
  }

  /** Waits for a publication under way; none starts after. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /**
   * Starts a publication when one is due, else sets a timer for when it
   * will be. Under load the ingests' own notifications start it: a busy
   * event loop (SQLite answers synchronously) can hold a timer back for
   * seconds, so the timer only matters once ingest goes quiet.
   */
  #schedule() {
    if (this.#stopped || this.#running || !this.#dirty) return;
    const wait = this.#lastStart + this.options.intervalMs - Date.now();
    if (wait <= 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#run();
    } else {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#schedule();
      }, wait);
    }
  }

  #run() {
    this.#dirty = false;
    this.#lastStart = Date.now();
    this.#running = this.options
      .publish()
      .then(
        () => undefined,
        (error: Error) =>
          this.options.logger.warn(
            `could not publish a checkpoint after ingest: ${error.message}`,
          ),
      )
      .finally(() => {
        this.#running = undefined;
        this.#schedule();
      });
  }
}
