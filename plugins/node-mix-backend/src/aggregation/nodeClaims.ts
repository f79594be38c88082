import {
  KubeObject,
  LABELS,
  NodeClaimIssue,
} from '@internal/plugin-node-mix-common';
import { parseDurationMs } from './duration';
import { DISRUPTED_TAINT, NodeAccumulator } from './nodes';

/** A NodeClaim's parsed expireAfter and creation time, parsed once per object. */
const claimTimesCache = new WeakMap<
  KubeObject,
  { expireAfter: number | null | undefined; created: number }
>();
function claimTimes(claim: KubeObject) {
  let times = claimTimesCache.get(claim);
  if (!times) {
    times = {
      expireAfter: parseDurationMs(claim.spec?.expireAfter),
      created: Date.parse(claim.metadata?.creationTimestamp ?? ''),
    };
    claimTimesCache.set(claim, times);
  }
  return times;
}

function disruptionReason(
  reason: string | undefined,
  deleting: boolean,
): string {
  if (reason) return `being disrupted: ${reason}`;
  return deleting ? 'being deleted' : 'node tainted karpenter.sh/disrupted';
}

/**
 * NodeClaims that are disrupted, drifted, or expiring within
 * `expiringWithinHours` (default 24) of `now`, in that order, then by name.
 */
export function claimIssuesOf(
  claims: Iterable<KubeObject>,
  nodes: Map<string, NodeAccumulator>,
  now: number,
  expiringWithinHours: number = 24,
): NodeClaimIssue[] {
  const horizon = expiringWithinHours * 3600_000;
  const issues: NodeClaimIssue[] = [];
  for (const claim of claims) {
    const name = claim.metadata?.name ?? '?';
    const base = {
      name,
      node: claim.status?.nodeName,
      nodePool: claim.metadata?.labels?.[LABELS.nodePool] ?? 'unknown',
    };
    const conditions: any[] = claim.status?.conditions ?? [];
    const drifted = conditions.find(
      c => c.type === 'Drifted' && c.status === 'True',
    );
    if (drifted) {
      issues.push({
        ...base,
        kind: 'drifted',
        reason: drifted.reason || 'Drifted',
        at: drifted.lastTransitionTime,
      });
    }
    const disruption = conditions.find(
      c => c.type === 'DisruptionReason' && c.status === 'True',
    );
    const node = base.node ? nodes.get(base.node) : undefined;
    if (
      claim.metadata?.deletionTimestamp ||
      disruption ||
      node?.taints.some(t => t.key === DISRUPTED_TAINT)
    ) {
      issues.push({
        ...base,
        kind: 'disrupted',
        reason: disruptionReason(
          disruption?.reason,
          !!claim.metadata?.deletionTimestamp,
        ),
        at: claim.metadata?.deletionTimestamp ?? disruption?.lastTransitionTime,
      });
    }
    const { expireAfter, created } = claimTimes(claim);
    if (expireAfter && Number.isFinite(created)) {
      const expiresAt = created + expireAfter;
      if (expiresAt - now <= horizon) {
        issues.push({
          ...base,
          kind: 'expiring',
          reason:
            expiresAt <= now
              ? `expired (expireAfter ${claim.spec.expireAfter}); Karpenter is replacing it`
              : `expires in ${Math.max(
                  1,
                  Math.round((expiresAt - now) / 3600_000),
                )} h (expireAfter ${claim.spec.expireAfter})`,
          at: new Date(expiresAt).toISOString(),
        });
      }
    }
  }
  const order = { disrupted: 0, drifted: 1, expiring: 2 };
  return issues.sort(
    (a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name),
  );
}
