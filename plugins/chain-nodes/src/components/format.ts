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

export function formatUptime(share: number | null): string {
  if (share === null) return 'no data';
  return share === 0 || share === 1
    ? `${share * 100}%`
    : `${(share * 100).toFixed(2)}%`;
}
