import { LoggerService } from '@backstage/backend-plugin-api';

// Price List answers ThrottlingException, EC2 RequestLimitExceeded.
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** AWS kept throttling a call after every retry. */
export class AwsThrottledError extends Error {
  constructor(what: string, attempts: number) {
    super(`AWS throttled ${what} ${attempts} times in a row`);
    this.name = 'AwsThrottledError';
  }
}

/** How AWS calls are retried. */
export interface RetryOptions {
  logger: LoggerService;
  /** Attempts per call, the first included (default 5). */
  maxAttempts?: number;
  /** First back-off in ms, doubled per attempt with jitter (default 500). */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends one AWS call, retrying throttling with exponential back-off and
 * jitter. The SDK clients are built with `maxAttempts: 1`, so this is the
 * only retry and tests see every attempt.
 */
export async function sendWithRetry<T>(
  what: string,
  call: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseDelayMs ?? 500;
  const sleep =
    options.sleep ?? (ms => new Promise<void>(r => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const name = (e as Error).name;
      if (!THROTTLING.has(name)) {
        throw e;
      }
      if (attempt >= maxAttempts) {
        throw new AwsThrottledError(what, attempt);
      }
      const delay =
        Math.min(30_000, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      options.logger.info(
        `${what} throttled (${name}); retrying in ${Math.round(delay)} ms`,
      );
      await sleep(delay);
    }
  }
}
