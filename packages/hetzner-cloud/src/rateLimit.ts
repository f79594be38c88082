/** Rate-limit headers of the last response (`RateLimit-*`). */
export interface HetznerRateLimit {
  limit: number;
  remaining: number;
  /** Unix milliseconds when the budget is full again. */
  resetAt: number;
}

export function readRateLimit(headers: Headers): HetznerRateLimit | undefined {
  const limit = Number(headers.get('RateLimit-Limit'));
  const remaining = Number(headers.get('RateLimit-Remaining'));
  const reset = Number(headers.get('RateLimit-Reset'));
  if (!headers.has('RateLimit-Remaining') || Number.isNaN(remaining)) {
    return undefined;
  }
  return {
    limit,
    remaining,
    resetAt:
      Number.isFinite(reset) && reset > 0 ? reset * 1000 : Date.now() + 60_000,
  };
}
