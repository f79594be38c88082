import {
  KarpenterEvent,
  KarpenterEventReason,
  KubeObject,
} from '@internal/plugin-node-mix-common';
import { ClusterReadError } from '../clients/KubernetesClient';

/** Karpenter's messages are short; anything longer is cut, not trusted. */
const MAX_MESSAGE = 2000;
/**
 * Karpenter's event reasons the portal shows beside its own reasons: a
 * record, so a reason added to `KarpenterEventReason` (the wire type) fails
 * to compile until it is read here too.
 */
const KARPENTER_EVENT_REASONS: Record<KarpenterEventReason, true> = {
  DisruptionBlocked: true,
  Unconsolidatable: true,
  ConsolidationCandidate: true,
  ConsolidationRejected: true,
  ConsolidationApproved: true,
  DisruptionLaunching: true,
  DisruptionTerminating: true,
  DisruptionWaitingReadiness: true,
};
const REASONS = new Set<string>(Object.keys(KARPENTER_EVENT_REASONS));
const KINDS = new Set(['Node', 'NodeClaim', 'NodePool']);
// ConsolidationApproved (events.go consolidationScoreMessage)
const SCORE =
  /^score (\d+(?:\.\d+)?|\+Inf) >= threshold (\d+(?:\.\d+)?) \(k: (\d+), savings (\d+(?:\.\d+)?)%, disruption (\d+(?:\.\d+)?)%\)$/;
// ConsolidationCandidate / ConsolidationRejected end in "(savings: $0.12)"
const SAVINGS = /\(savings: \$(-?\d+(?:\.\d+)?)\)$/;

/** A Karpenter event as read, before its age is known. */
export type ParsedKarpenterEvent = Omit<KarpenterEvent, 'ageSeconds'> & {
  lastSeenMs: number;
};

/**
 * Reads one core/v1 Event; undefined unless Karpenter wrote it (source or
 * reportingComponent `karpenter`) about a Node, NodeClaim or NodePool with a
 * reason the portal shows. Karpenter's message is kept verbatim (cut at
 * 2,000 characters); savings and the Balanced score are read from it.
 */
export function parseKarpenterEvent(
  object: KubeObject,
): ParsedKarpenterEvent | undefined {
  const event = object as KubeObject & Record<string, any>;
  const source = event.source?.component ?? event.reportingComponent;
  const kind = event.involvedObject?.kind;
  const name = event.involvedObject?.name;
  const reason = event.reason;
  if (
    source !== 'karpenter' ||
    !KINDS.has(kind) ||
    typeof name !== 'string' ||
    !name ||
    !REASONS.has(reason)
  ) {
    return undefined;
  }
  const lastSeen: string | undefined =
    event.lastTimestamp ??
    event.series?.lastObservedTime ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata?.creationTimestamp;
  const lastSeenMs = Date.parse(lastSeen ?? '');
  if (!Number.isFinite(lastSeenMs)) return undefined;
  const message = String(event.message ?? '').slice(0, MAX_MESSAGE);
  const out: ParsedKarpenterEvent = {
    objectKind: kind,
    objectName: name,
    reason: reason as KarpenterEventReason,
    message,
    count: Math.max(1, Number(event.count ?? event.series?.count ?? 1) || 1),
    ...(event.firstTimestamp
      ? { firstSeen: String(event.firstTimestamp) }
      : {}),
    lastSeen: new Date(lastSeenMs).toISOString(),
    lastSeenMs,
  };
  const savings = message.match(SAVINGS);
  if (savings) out.savingsPerHour = Number(savings[1]);
  const score = reason === 'ConsolidationApproved' && message.match(SCORE);
  if (score) {
    out.score = {
      score: score[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(score[1]),
      threshold: Number(score[2]),
      k: Number(score[3]),
      savingsPercent: Number(score[4]),
      disruptionPercent: Number(score[5]),
    };
  }
  return out;
}

const keyOf = (kind: string, name: string) => `${kind}/${name}`;

/**
 * Karpenter's latest word per object and reason, bounded: at most
 * `maxObjects` objects (the least recently spoken about go first) and
 * events older than `maxAgeMs` are dropped, like the API server's event TTL.
 * Fed from a list (`replaceAll`) or a watch (`apply`/`remove`).
 */
export class KarpenterEventIndex {
  private readonly byObject = new Map<
    string,
    Map<string, ParsedKarpenterEvent>
  >();

  constructor(
    private readonly options: { maxObjects?: number; maxAgeMs?: number } = {},
  ) {}

  /** Replaces everything with a fresh list of events. */
  replaceAll(events: Iterable<KubeObject>): void {
    this.byObject.clear();
    for (const e of events) this.apply(e);
  }

  /** Adds or updates one event (ignored unless it is Karpenter's). */
  apply(event: KubeObject): void {
    const parsed = parseKarpenterEvent(event);
    if (!parsed) return;
    const key = keyOf(parsed.objectKind, parsed.objectName);
    let reasons = this.byObject.get(key);
    const existing = reasons?.get(parsed.reason);
    if (existing && existing.lastSeenMs > parsed.lastSeenMs) return;
    if (!reasons) {
      reasons = new Map();
    } else {
      this.byObject.delete(key); // re-insert: most recent last
    }
    reasons.set(parsed.reason, parsed);
    this.byObject.set(key, reasons);
    const max = this.options.maxObjects ?? 20_000;
    while (this.byObject.size > max) {
      this.byObject.delete(this.byObject.keys().next().value!);
    }
  }

  /** Forgets the objects an event was about (their node went away). */
  removeObject(kind: string, name: string): void {
    this.byObject.delete(keyOf(kind, name));
  }

  /** The latest event per reason about one object, newest first, with ages. */
  forObject(kind: string, name: string, now: number): KarpenterEvent[] {
    const reasons = this.byObject.get(keyOf(kind, name));
    if (!reasons) return [];
    const maxAge = this.options.maxAgeMs ?? 3600_000;
    return [...reasons.values()]
      .filter(e => now - e.lastSeenMs <= maxAge)
      .sort((a, b) => b.lastSeenMs - a.lastSeenMs)
      .map(({ lastSeenMs, ...e }) => ({
        ...e,
        ageSeconds: Math.max(0, Math.round((now - lastSeenMs) / 1000)),
      }));
  }

  /** Number of objects held. */
  get size(): number {
    return this.byObject.size;
  }
}

/**
 * What Karpenter said about a node: the node's and its NodeClaim's events
 * merged (Karpenter says the same on both), latest per reason, newest first.
 */
export function karpenterEventsForNode(
  index: KarpenterEventIndex,
  node: string,
  nodeClaim: string | undefined,
  now: number,
): KarpenterEvent[] {
  const byReason = new Map<string, KarpenterEvent>();
  const all = [
    ...index.forObject('Node', node, now),
    ...(nodeClaim ? index.forObject('NodeClaim', nodeClaim, now) : []),
  ];
  for (const e of all) {
    const seen = byReason.get(e.reason);
    if (!seen || e.ageSeconds < seen.ageSeconds) byReason.set(e.reason, e);
  }
  return [...byReason.values()].sort((a, b) => a.ageSeconds - b.ageSeconds);
}

/**
 * Why events could not be read, for 403/404 (no rights on events, no events
 * API): the page still shows the portal's reasons. Anything else is thrown.
 */
export function eventsReadProblem(e: unknown): string {
  if (e instanceof ClusterReadError && (e.status === 403 || e.status === 404)) {
    return e.status === 403
      ? `The portal may not list events in this cluster (${e.status}); ask for 'list events' in its RBAC`
      : `This cluster serves no events API (${e.status})`;
  }
  throw e;
}
