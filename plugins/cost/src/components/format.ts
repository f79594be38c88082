import { IDLE, UNALLOCATED } from '@internal/plugin-cost-common';

/** `group:default/direct` -> `direct`; the special keys in words. */
export function teamLabel(team: string): string {
  if (team === IDLE) return 'Idle (no pod requested it)';
  if (team === UNALLOCATED) return 'Unallocated (no owner in the catalog)';
  return team.replace(/^group:(default\/)?/, '');
}

export function serviceLabel(service: string): string {
  if (service === IDLE) return 'Idle capacity';
  return service;
}

export function sourceLabel(source: string): string {
  return (
    {
      kubernetes: 'Kubernetes compute',
      aws: 'AWS Cost Explorer',
      hetzner: 'Hetzner chain nodes',
    }[source] ?? source
  );
}

export function changeLabel(
  amount: number,
  previous: number | undefined,
): string {
  if (!previous) return 'new';
  const pct = ((amount - previous) / previous) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}
