import { ClusterReadError } from '../clients/KubernetesClient';
import {
  eventsReadProblem,
  karpenterEventsForNode,
  KarpenterEventIndex,
  parseKarpenterEvent,
} from './karpenterEvents';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function event(
  over: Record<string, any> = {},
  involved: Record<string, any> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'n1.1', namespace: 'default' },
    involvedObject: { kind: 'Node', name: 'n1', apiVersion: 'v1', ...involved },
    reason: 'DisruptionBlocked',
    message:
      'Pod has "karpenter.sh/do-not-disrupt" annotation (Pod=games/lobby-1)',
    source: { component: 'karpenter' },
    firstTimestamp: '2026-11-25T11:10:00Z',
    lastTimestamp: '2026-11-25T11:58:00Z',
    count: 7,
    type: 'Normal',
    ...over,
  } as any;
}

describe('parseKarpenterEvent', () => {
  it("keeps Karpenter's text verbatim with its count and times", () => {
    expect(parseKarpenterEvent(event())).toEqual({
      objectKind: 'Node',
      objectName: 'n1',
      reason: 'DisruptionBlocked',
      message:
        'Pod has "karpenter.sh/do-not-disrupt" annotation (Pod=games/lobby-1)',
      count: 7,
      firstSeen: '2026-11-25T11:10:00Z',
      lastSeen: '2026-11-25T11:58:00.000Z',
      lastSeenMs: Date.parse('2026-11-25T11:58:00Z'),
    });
  });

  it('reads the savings of a candidate and the Balanced score of an approval', () => {
    expect(
      parseKarpenterEvent(
        event({
          reason: 'ConsolidationCandidate',
          message:
            'Consolidation candidate: Underutilized/0b6c1f7e-2b1d-4a8e-9a11-5e3c2d1f0a9b: delete: nodepools=[x86]: [n1] (savings: $0.23) (savings: $0.23)',
        }),
      )?.savingsPerHour,
    ).toBe(0.23);
    expect(
      parseKarpenterEvent(
        event({
          reason: 'ConsolidationApproved',
          message:
            'score 0.74 >= threshold 0.50 (k: 2, savings 1.2%, disruption 1.6%)',
        }),
      )?.score,
    ).toEqual({
      score: 0.74,
      threshold: 0.5,
      k: 2,
      savingsPercent: 1.2,
      disruptionPercent: 1.6,
    });
  });

  it("ignores events that are not Karpenter's or not about nodes, NodeClaims or NodePools", () => {
    expect(
      parseKarpenterEvent(event({ source: { component: 'kubelet' } })),
    ).toBeUndefined();
    expect(parseKarpenterEvent(event({}, { kind: 'Pod' }))).toBeUndefined();
    expect(parseKarpenterEvent(event({ reason: 'Nominated' }))).toBeUndefined();
    expect(
      parseKarpenterEvent(
        event({
          lastTimestamp: 'yesterday',
          firstTimestamp: undefined,
          metadata: {},
        }),
      ),
    ).toBeUndefined();
    // events.k8s.io-era writers leave source empty but set reportingComponent
    expect(
      parseKarpenterEvent(
        event({ source: undefined, reportingComponent: 'karpenter' }),
      ),
    ).toBeDefined();
  });

  it('cuts an oversized message instead of passing it on', () => {
    const parsed = parseKarpenterEvent(event({ message: 'x'.repeat(10_000) }));
    expect(parsed?.message).toHaveLength(2000);
  });
});

describe('KarpenterEventIndex', () => {
  it('keeps the latest event per object and reason, newest first, with its age', () => {
    const index = new KarpenterEventIndex();
    index.apply(
      event({ message: 'older', lastTimestamp: '2026-11-25T11:00:00Z' }),
    );
    index.apply(
      event({ message: 'newer', lastTimestamp: '2026-11-25T11:58:00Z' }),
    );
    index.apply(
      event({ message: 'stale', lastTimestamp: '2026-11-25T10:00:00Z' }),
    );
    index.apply(
      event({
        reason: 'Unconsolidatable',
        message: "Can't replace with a cheaper node",
        lastTimestamp: '2026-11-25T11:50:00Z',
      }),
    );
    const got = index.forObject('Node', 'n1', NOW);
    expect(got.map(e => [e.reason, e.message, e.ageSeconds])).toEqual([
      ['DisruptionBlocked', 'newer', 120],
      ['Unconsolidatable', "Can't replace with a cheaper node", 600],
    ]);
  });

  it('holds at most maxObjects objects and forgets events past maxAge', () => {
    const index = new KarpenterEventIndex({
      maxObjects: 3,
      maxAgeMs: 3600_000,
    });
    for (let i = 0; i < 10; i++) {
      index.apply(event({}, { name: `n${i}` }));
    }
    expect(index.size).toBe(3);
    expect(index.forObject('Node', 'n0', NOW)).toEqual([]);
    expect(index.forObject('Node', 'n9', NOW)).toHaveLength(1);
    expect(index.forObject('Node', 'n9', NOW + 2 * 3600_000)).toEqual([]);
  });

  it("merges a node's and its NodeClaim's events (Karpenter says it on both)", () => {
    const index = new KarpenterEventIndex();
    index.replaceAll([
      event(),
      event(
        {},
        { kind: 'NodeClaim', name: 'x86-abcde', apiVersion: 'karpenter.sh/v1' },
      ),
      event(
        {
          reason: 'ConsolidationCandidate',
          message: 'Consolidation candidate: ... (savings: $0.10)',
        },
        { kind: 'NodeClaim', name: 'x86-abcde' },
      ),
    ]);
    const merged = karpenterEventsForNode(index, 'n1', 'x86-abcde', NOW);
    expect(merged.map(e => e.reason).sort()).toEqual([
      'ConsolidationCandidate',
      'DisruptionBlocked',
    ]);
  });
});

describe('eventsReadProblem', () => {
  it('explains 403 and 404 and rethrows anything else', () => {
    expect(eventsReadProblem(new ClusterReadError('forbidden', 403))).toMatch(
      /may not list events/,
    );
    expect(eventsReadProblem(new ClusterReadError('nope', 404))).toMatch(
      /no events API/,
    );
    expect(() => eventsReadProblem(new ClusterReadError('boom', 500))).toThrow(
      'boom',
    );
  });
});
