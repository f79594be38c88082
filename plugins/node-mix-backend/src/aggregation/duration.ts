/**
 * Karpenter's Go-style durations (NodeClaim `expireAfter`, a disruption
 * budget's `duration`). Only the backend reads them.
 */

/**
 * Parses a Go-style duration as Karpenter writes them ("720h", "5m",
 * "1h30m", "Never"); `null` means never, `undefined` unparseable.
 */
export function parseDurationMs(input: unknown): number | null | undefined {
  if (input === 'Never') {
    return null;
  }
  if (typeof input !== 'string' || !/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(input)) {
    return undefined;
  }
  const unit: Record<string, number> = {
    h: 3600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
  };
  let total = 0;
  for (const [, n, , u] of input.matchAll(/(\d+(\.\d+)?)(ms|h|m|s)/g)) {
    total += parseFloat(n) * unit[u];
  }
  return total;
}
