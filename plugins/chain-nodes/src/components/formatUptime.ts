import { ChainNodeUptimeWindow } from '@internal/plugin-chain-nodes-common';
import { formatDuration } from '@internal/plugin-portal-react';

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
