/**
 * A length of time in seconds: "42 s", "37 min", "3 h", "2 d".
 *
 * Each unit is rounded from the one below it, so a value never reads
 * "90 min" or "48 h": it moves up a unit first. Pricing's `describeAge`
 * ("3 h ago") follows the same steps.
 *
 * @public
 */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/**
 * How old something is, from an age in seconds that may be missing
 * ("unknown" then): "10 min" in "a snapshot 10 min old".
 *
 * @public
 */
export function formatAge(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'unknown';
  return formatDuration(Math.max(0, seconds));
}

/**
 * "3 min ago" for a past ISO timestamp; "—" when there is none.
 *
 * @public
 */
export function formatAgo(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  return `${formatAge((now - Date.parse(iso)) / 1000)} ago`;
}
