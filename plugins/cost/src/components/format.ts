import {
  IDLE,
  SHARED_IDLE,
  SHARED_NAMESPACE_PREFIX,
  UNALLOCATED,
} from '@internal/plugin-cost-common';

/** `group:default/direct` -> `direct`; the special keys in words. */
export function teamLabel(team: string): string {
  if (team === IDLE) return 'Idle (no pod requested it)';
  if (team === UNALLOCATED) return 'Unallocated (no owner in the catalog)';
  return team.replace(/^group:(default\/)?/, '');
}

export function serviceLabel(service: string): string {
  if (service === IDLE) return 'Idle capacity';
  if (service === SHARED_IDLE) return 'Shared: idle capacity';
  if (service.startsWith(SHARED_NAMESPACE_PREFIX))
    return `Shared: namespace ${service.slice(SHARED_NAMESPACE_PREFIX.length)}`;
  return service;
}

/** How shared cost was spread, in words, or undefined when nothing is shared. */
export function sharingLabel(sharing?: {
  rule: string;
  namespaces: string[];
  idle: boolean;
}): string | undefined {
  if (!sharing || sharing.rule === 'none') return undefined;
  const what = [
    ...(sharing.idle ? ['idle capacity'] : []),
    ...(sharing.namespaces.length > 0
      ? [`the namespaces ${sharing.namespaces.join(', ')}`]
      : []),
  ];
  if (what.length === 0) return undefined;
  const how =
    sharing.rule === 'even'
      ? 'evenly between the teams running pods that hour'
      : 'between the teams in proportion to their requested CPU and memory cost';
  return `Shared cost: ${what.join(
    ' and ',
  )} are split ${how} (rows "Shared: …").`;
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
  previousComplete = true,
): string {
  if (!previousComplete) return 'no full previous period';
  if (!previous) return 'new';
  const pct = ((amount - previous) / previous) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}
