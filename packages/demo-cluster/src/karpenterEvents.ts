import type { K8sObject } from './model';
import { Random } from './random';

/**
 * What Karpenter 1.14 publishes about a node it will not (or will)
 * consolidate, in its own reasons and message formats
 * (kubernetes-sigs/karpenter pkg/controllers/disruption/events/events.go,
 * pkg/controllers/state/statenode.go, pkg/controllers/disruption/types.go).
 * Each event is published twice: on the Node and on its NodeClaim.
 */
export type KarpenterEventReason =
  | 'DisruptionBlocked'
  | 'Unconsolidatable'
  | 'ConsolidationCandidate'
  | 'ConsolidationRejected'
  | 'ConsolidationApproved';

/** A node as the event log needs it. */
export interface EventSubject {
  node: K8sObject;
  claim?: K8sObject;
  pods: readonly K8sObject[];
}

/** Karpenter's event recorder dedupes repeats for this long (recorder.go). */
const DEDUPE_MS: Record<KarpenterEventReason, number> = {
  DisruptionBlocked: 2 * 60_000,
  Unconsolidatable: 15 * 60_000,
  ConsolidationCandidate: 2 * 60_000,
  ConsolidationRejected: 2 * 60_000,
  ConsolidationApproved: 2 * 60_000,
};
/** The API server's --event-ttl default: older events are gone. */
const EVENT_TTL_MS = 60 * 60_000;
/** Balanced policy: approved when score >= 1/k (karpenter.sh/v1 BalancedK). */
const BALANCED_K = 2;
const DO_NOT_DISRUPT = 'karpenter.sh/do-not-disrupt';

interface Emission {
  reason: KarpenterEventReason;
  message: string;
}

interface Entry {
  signature: string;
  /** Pods, Node and NodeClaim as last looked at: unchanged means same state. */
  version: string;
  events: K8sObject[];
  /** When the first of its events is due to be said again. */
  due: number;
  generation: number;
}

function ts(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function milli(q: string | undefined): number {
  if (!q) return 0;
  if (q.endsWith('m')) return Number(q.slice(0, -1));
  return Number(q) * 1000;
}

function mebi(q: string | undefined): number {
  if (!q) return 0;
  const n = parseFloat(q);
  if (q.endsWith('Gi')) return n * 1024;
  if (q.endsWith('Ki')) return n / 1024;
  if (q.endsWith('Mi')) return n;
  return n / (1024 * 1024);
}

/**
 * Karpenter prices nodes from its own offerings; the demo uses a rough
 * per-vCPU rate (eu-central-1 list prices of m/c/r, Graviton ~20% less,
 * spot ~65% less), so its savings are close to, not equal to, the portal's.
 */
function estimatedPricePerHour(node: K8sObject): number {
  const labels = node.metadata.labels ?? {};
  const vcpu = Number(node.status?.capacity?.cpu ?? 0);
  const category = labels['karpenter.k8s.aws/instance-category'] ?? 'm';
  const perVcpu =
    ({ c: 0.0485, m: 0.0575, r: 0.0755 } as Record<string, number>)[category] ??
    0.0575;
  const arch = labels['kubernetes.io/arch'] === 'arm64' ? 0.8 : 1;
  const spot = labels['karpenter.sh/capacity-type'] === 'spot' ? 0.35 : 1;
  return vcpu * perVcpu * arch * spot;
}

/** When the first of these events is due to be said again. */
function nextDue(events: readonly K8sObject[]): number {
  let due = Number.POSITIVE_INFINITY;
  for (const e of events) {
    const dedupe = DEDUPE_MS[e.reason as KarpenterEventReason];
    if (dedupe) due = Math.min(due, Date.parse(e.lastTimestamp) + dedupe);
  }
  return due;
}

const isDaemon = (p: K8sObject) =>
  (p.metadata.ownerReferences as any[] | undefined)?.[0]?.kind === 'DaemonSet';

/**
 * Keeps the demo's Karpenter events: decides per node what Karpenter would
 * say, publishes it on the Node and the NodeClaim as core/v1 Events (the
 * shape client-go's recorder writes: `<name>.<hex nanos>` in `default`,
 * source `karpenter`), re-publishes after the dedupe window (count and
 * lastTimestamp move, a new object and resourceVersion), and forgets a
 * node's events when the node goes. Its own random stream, so adding it
 * changes none of the model's other objects.
 */
export class KarpenterEventLog {
  private readonly rng: Random;
  private readonly byNode = new Map<string, Entry>();
  private counter = 0;
  private generation = 0;

  constructor(
    private readonly options: {
      seed: number;
      nextRv: () => string;
      /** consolidationPolicy of a NodePool, by name. */
      policyOf: (pool: string) => string | undefined;
    },
  ) {
    this.rng = new Random(options.seed ^ 0x6b617270);
  }

  /**
   * All events now, in node order; call once per model rebuild. Rebuilds
   * run several times a second under live churn, so a node whose pods, Node
   * and NodeClaim did not change and whose events are not due costs a map
   * lookup.
   */
  build(subjects: readonly EventSubject[], now: number): K8sObject[] {
    const generation = ++this.generation;
    const out: K8sObject[] = [];
    for (const s of subjects) {
      const name = s.node.metadata.name;
      const version = `${s.pods.length}|${s.node.metadata.resourceVersion}|${s.claim?.metadata.resourceVersion}`;
      let entry = this.byNode.get(name);
      if (!entry || entry.version !== version) {
        const state = this.compute(s);
        if (!entry || entry.signature !== state.key) {
          const emissions =
            state.fixed ??
            (state.candidate ? this.roll(s, state.candidate) : []);
          const events = this.publish(s, emissions, now);
          entry = {
            signature: state.key,
            version,
            events,
            due: nextDue(events),
            generation,
          };
          this.byNode.set(name, entry);
        } else {
          entry.version = version;
        }
      }
      if (now >= entry.due) {
        entry.events = entry.events.map(e => this.repeat(e, now));
        entry.due = nextDue(entry.events);
      }
      entry.generation = generation;
      for (const e of entry.events) out.push(e);
    }
    if (this.byNode.size > subjects.length) {
      for (const [name, entry] of this.byNode) {
        if (entry.generation !== generation) this.byNode.delete(name);
      }
    }
    return out;
  }

  /**
   * Where the node stands for Karpenter, without randomness: a blocker
   * Karpenter names (fixed text), a consolidation candidate, or nothing.
   */
  private compute(s: EventSubject): {
    key: string;
    fixed?: Emission[];
    candidate?: 'empty' | 'underutilized';
  } {
    const { node, claim, pods } = s;
    const pool = node.metadata.labels?.['karpenter.sh/nodepool'];
    if (!claim || !pool || claim.metadata.deletionTimestamp) {
      return { key: 'none', fixed: [] };
    }
    const fixed = (message: string) => ({
      key: message,
      fixed: [{ reason: 'DisruptionBlocked' as const, message }],
    });
    // Karpenter's candidate filter, in its order (statenode.go).
    if (node.metadata.annotations?.[DO_NOT_DISRUPT] === 'true') {
      return fixed(
        `Disruption is blocked through the "${DO_NOT_DISRUPT}" annotation`,
      );
    }
    const blockingPod = pods.find(
      p => p.metadata.annotations?.[DO_NOT_DISRUPT] === 'true',
    );
    if (blockingPod) {
      return fixed(
        `Pod has "${DO_NOT_DISRUPT}" annotation (Pod=${blockingPod.metadata.namespace}/${blockingPod.metadata.name})`,
      );
    }
    const pdbPod = pods.find(
      p => p.metadata.labels?.['app.kubernetes.io/name'] === 'chain-listener',
    );
    if (pdbPod) {
      return fixed(
        `Pdb prevents pod evictions (PodDisruptionBudget=[${pdbPod.metadata.namespace}/chain-listener])`,
      );
    }
    const consolidatable = (claim.status?.conditions ?? []).some(
      (c: any) => c.type === 'Consolidatable' && c.status === 'True',
    );
    // Not a candidate yet: Karpenter is silent.
    if (!consolidatable) return { key: 'none', fixed: [] };
    const workload = pods.filter(p => !isDaemon(p));
    const cpu = workload.reduce(
      (sum, p) =>
        sum + milli(p.spec?.containers?.[0]?.resources?.requests?.cpu),
      0,
    );
    const mem = workload.reduce(
      (sum, p) =>
        sum + mebi(p.spec?.containers?.[0]?.resources?.requests?.memory),
      0,
    );
    const empty = workload.length === 0;
    const underutilized =
      cpu / milli(node.status?.allocatable?.cpu) < 0.5 &&
      mem / mebi(node.status?.allocatable?.memory) < 0.5;
    if (empty) return { key: 'empty', candidate: 'empty' };
    if (underutilized)
      return { key: 'underutilized', candidate: 'underutilized' };
    return { key: 'none', fixed: [] };
  }

  /** Karpenter's decision on a candidate, drawn once per state. */
  private roll(s: EventSubject, kind: 'empty' | 'underutilized'): Emission[] {
    const { node } = s;
    const pool = node.metadata.labels!['karpenter.sh/nodepool'];
    const empty = kind === 'empty';
    if (!empty && this.options.policyOf(pool) === 'WhenEmpty') {
      // consolidation.go: such a pool only ever removes empty nodes.
      return [
        {
          reason: 'Unconsolidatable',
          message: `NodePool "${pool}" has consolidation policy WhenEmpty, but node is not empty`,
        },
      ];
    }
    const price = estimatedPricePerHour(node);
    const roll = this.rng.next();
    const replace = !empty && roll < 0.5;
    const savings = replace ? price * (0.25 + 0.4 * this.rng.next()) : price;
    const id = this.uuid();
    const command = `${empty ? 'Empty' : 'Underutilized'}/${id}: ${
      replace ? 'replace' : 'delete'
    }: nodepools=[${pool}]: [${node.metadata.name}]${
      replace ? ' -> [1 replacement]' : ''
    } (savings: $${savings.toFixed(2)})`;
    const candidate: Emission = {
      reason: 'ConsolidationCandidate',
      message: `Consolidation candidate: ${command} (savings: $${savings.toFixed(
        2,
      )})`,
    };
    if (this.options.policyOf(pool) === 'Balanced') {
      // Rejected Balanced moves emit metrics only, no event (balanced.go).
      if (this.rng.next() < 0.4) return [];
      const threshold = 1 / BALANCED_K;
      const savingsPct = 0.4 + 2.5 * this.rng.next();
      const score = threshold + 0.05 + 2 * this.rng.next();
      const disruptionPct = savingsPct / score;
      return [
        candidate,
        {
          reason: 'ConsolidationApproved',
          message: `score ${score.toFixed(2)} >= threshold ${threshold.toFixed(
            2,
          )} (k: ${BALANCED_K}, savings ${savingsPct.toFixed(
            1,
          )}%, disruption ${disruptionPct.toFixed(1)}%)`,
        },
      ];
    }
    if (empty || roll < 0.5) return [candidate];
    if (roll < 0.8) {
      return [
        {
          reason: 'Unconsolidatable',
          message: "Can't replace with a cheaper node",
        },
      ];
    }
    const why = this.rng.pick(['budget', 'scheduling', 'churn']);
    return [
      candidate,
      {
        reason: 'ConsolidationRejected',
        message: `Consolidation rejected: ${command}, reason: ${why} (savings: $${savings.toFixed(
          2,
        )})`,
      },
    ];
  }

  private publish(
    s: EventSubject,
    emissions: Emission[],
    now: number,
  ): K8sObject[] {
    const out: K8sObject[] = [];
    const nodeCreated = Date.parse(
      (s.node.metadata.creationTimestamp as string) ?? '',
    );
    for (const e of emissions) {
      // First said some minutes ago (after consolidateAfter), within the TTL.
      const earliest = Math.max(
        Number.isFinite(nodeCreated) ? nodeCreated + 5 * 60_000 : now,
        now - EVENT_TTL_MS + 5 * 60_000,
      );
      const first = Math.min(
        now,
        earliest + this.rng.int(0, Math.max(0, now - earliest) / 1000) * 1000,
      );
      const repeats = Math.floor((now - first) / DEDUPE_MS[e.reason]);
      const last = first + repeats * DEDUPE_MS[e.reason];
      for (const target of [s.node, s.claim!]) {
        out.push(this.event(target, e, first, last, repeats + 1));
      }
    }
    return out;
  }

  private event(
    target: K8sObject,
    e: Emission,
    first: number,
    last: number,
    count: number,
  ): K8sObject {
    const nanos = BigInt(first) * 1_000_000n + BigInt(++this.counter);
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${target.metadata.name}.${nanos.toString(16)}`,
        namespace: 'default',
        uid: this.uuid(),
        resourceVersion: this.options.nextRv(),
        creationTimestamp: ts(first),
      },
      involvedObject: {
        kind: target.kind,
        name: target.metadata.name,
        uid: target.metadata.uid,
        apiVersion: target.apiVersion,
        resourceVersion: target.metadata.resourceVersion,
      },
      reason: e.reason,
      message: e.message,
      source: { component: 'karpenter' },
      firstTimestamp: ts(first),
      lastTimestamp: ts(last),
      count,
      type: 'Normal',
      eventTime: null,
      reportingComponent: 'karpenter',
      reportingInstance: '',
    };
  }

  private uuid(): string {
    const h = this.rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
      17,
      20,
    )}-${h.slice(20, 32)}`;
  }

  /** Karpenter says it again once the dedupe window has passed. */
  private repeat(e: K8sObject, now: number): K8sObject {
    const dedupe = DEDUPE_MS[e.reason as KarpenterEventReason];
    const last = Date.parse(e.lastTimestamp);
    if (!dedupe || now - last < dedupe) return e;
    const repeats = Math.floor((now - last) / dedupe);
    return {
      ...e,
      metadata: { ...e.metadata, resourceVersion: this.options.nextRv() },
      lastTimestamp: ts(last + repeats * dedupe),
      count: e.count + repeats,
    };
  }
}
