/** Display helpers that never print NaN. */
import { formatMoney, unitsToMicros } from '@internal/pricing';

/** @public */
export function formatCores(cores: number | null | undefined): string {
  if (cores === null || cores === undefined || !Number.isFinite(cores))
    return '–';
  if (cores >= 100) return cores.toFixed(0);
  return cores >= 10 ? cores.toFixed(1) : cores.toFixed(2);
}

/** @public */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes))
    return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/**
 * US dollars through the one money formatter; hourly prices get three
 * decimals. `lowerBound` prefixes "≥" when some price is unknown.
 * @public
 */
export function formatUsd(
  value: number | null | undefined,
  lowerBound = false,
): string {
  if (value === null || value === undefined || !Number.isFinite(value))
    return 'unknown';
  let digits = 0;
  if (Math.abs(value) < 10) digits = 3;
  else if (Math.abs(value) < 1000) digits = 2;
  const s = formatMoney(unitsToMicros(value), 'USD', {
    fractionDigits: digits,
  });
  return lowerBound ? `≥ ${s}` : s;
}

/** A 0..1 share as a percentage. @public */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share))
    return '–';
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}
