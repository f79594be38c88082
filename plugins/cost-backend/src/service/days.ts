export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** `YYYY-MM-DD` (UTC) of a time. */
export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The UTC day `n` days after `date` (before, when negative). */
export const addDays = (date: string, n: number) =>
  day(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS);
