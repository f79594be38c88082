/** A Hetzner API call that failed; `message` is written for on-call. */
export class HetznerApiError extends Error {
  name = 'HetznerApiError';
  constructor(
    message: string,
    /** HTTP status of the reply, when there was one. */
    readonly status?: number,
    /** Unix milliseconds before which another call would be rejected. */
    readonly retryAt?: number,
  ) {
    super(message);
  }
}
