import { parseDurationMs } from './duration';

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function fieldMatcher(
  field: string,
  min: number,
  max: number,
): ((v: number) => boolean) | undefined {
  const allowed = new Set<number>();
  for (const part of field.split(',')) {
    const m = part.match(/^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/);
    if (!m) {
      return undefined;
    }
    const star = m[1] === '*';
    const from = star ? min : Number(m[2]);
    let to = from;
    if (star || (m[3] === undefined && m[4])) to = max; // `*`, `*/n`, `a/n`
    else if (m[3] !== undefined) to = Number(m[3]);
    const step = m[4] ? Number(m[4]) : 1;
    if (from < min || to > max || step < 1) {
      return undefined;
    }
    for (let v = from; v <= to; v += step) {
      allowed.add(v);
    }
  }
  return v => allowed.has(v);
}

/**
 * Whether a Karpenter disruption budget with a `schedule` (cron, UTC) and
 * `duration` is active at `now`. `undefined` when the schedule cannot be
 * read, so callers can say so rather than guess.
 */
export function isBudgetScheduleActive(
  schedule: string,
  duration: string,
  now: number,
): boolean | undefined {
  const expr = MACROS[schedule] ?? schedule;
  const fields = expr.trim().split(/\s+/);
  const durationMs = parseDurationMs(duration);
  if (fields.length !== 5 || !durationMs) {
    return undefined;
  }
  const [minute, hour, dom, month, dow] = [
    fieldMatcher(fields[0], 0, 59),
    fieldMatcher(fields[1], 0, 23),
    fieldMatcher(fields[2], 1, 31),
    fieldMatcher(fields[3], 1, 12),
    fieldMatcher(fields[4].replace(/\b7\b/g, '0'), 0, 6),
  ];
  if (!minute || !hour || !dom || !month || !dow) {
    return undefined;
  }
  const domAny = fields[2] === '*';
  const dowAny = fields[4] === '*';
  // Walk back minute by minute over the budget's duration for a start time.
  const start = Math.floor(now / 60_000) * 60_000;
  const steps = Math.min(Math.ceil(durationMs / 60_000), 60 * 24 * 366);
  for (let i = 0; i < steps; i++) {
    const d = new Date(start - i * 60_000);
    if (
      !minute(d.getUTCMinutes()) ||
      !hour(d.getUTCHours()) ||
      !month(d.getUTCMonth() + 1)
    ) {
      continue;
    }
    const domOk = dom(d.getUTCDate());
    const dowOk = dow(d.getUTCDay());
    // cron: when both day fields are restricted, either may match
    const dayOk = domAny || dowAny ? domOk && dowOk : domOk || dowOk;
    if (dayOk) {
      return true;
    }
  }
  return false;
}
