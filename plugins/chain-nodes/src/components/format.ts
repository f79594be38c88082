import { ChainNodeUptimeWindow } from '@internal/plugin-chain-nodes-common';

/** "3m ago" style relative time for a past ISO timestamp. */
export function formatAgo(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds}s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes}m ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours}h ago`;
  return `${Math.round(hours / 24)}d ago`;
}

/** "37 min" style length of a duration in seconds. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/** A share 0..1 as a percentage; exact ends, two decimals between. */
export function formatShare(share: number): string {
  return share === 0 || share === 1
    ? `${share * 100}%`
    : `${(share * 100).toFixed(2)}%`;
}

/**
 * Uptime of a window, said over the time actually observed: a node first
 * probed 37 minutes ago reads "100% of 37 min observed", not "100%" of a day.
 */
export function formatUptime(
  window: ChainNodeUptimeWindow | null,
  windowSeconds: number,
): string {
  if (!window) return 'no data';
  const whole = window.observedSeconds >= windowSeconds * 0.99;
  return whole
    ? formatShare(window.up)
    : `${formatShare(window.up)} of ${formatDuration(
        window.observedSeconds,
      )} observed`;
}
