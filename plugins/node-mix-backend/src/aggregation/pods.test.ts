import { aggregateCluster } from './aggregateCluster';
import { node, pod, options } from '../__testUtils__/clusterObjects';

describe('aggregateCluster: pending pods', () => {
  it('lists pods the scheduler has not placed, with its reason and message, oldest first', () => {
    const message =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const unplaced = (name: string, since: string, scheduled?: object) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'games', creationTimestamp: since },
      spec: { containers: [] },
      status: {
        phase: 'Pending',
        ...(scheduled ? { conditions: [scheduled] } : {}),
      },
    });
    const { summary } = aggregateCluster(
      {
        nodes: [node('a')],
        pods: [
          pod('a', '1', '1Gi'),
          unplaced('dice-7', '2026-11-25T11:50:00Z', {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
            lastTransitionTime: '2026-11-25T11:50:00Z',
          }),
          // Just created: the scheduler has not looked at it yet.
          unplaced('dice-8', '2026-11-25T11:59:59Z'),
          unplaced('dice-6', '2026-11-25T11:40:00Z', {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
            lastTransitionTime: '2026-11-25T11:40:00Z',
          }),
        ],
        nodePools: [],
        nodeClaims: [],
        pdbs: [],
      },
      options,
    );
    expect(summary.pods).toBe(1);
    expect(summary.pendingPods).toEqual({
      total: 3,
      unschedulable: 2,
      items: [
        {
          namespace: 'games',
          name: 'dice-6',
          since: '2026-11-25T11:40:00Z',
          reason: 'Unschedulable',
          message,
        },
        {
          namespace: 'games',
          name: 'dice-7',
          since: '2026-11-25T11:50:00Z',
          reason: 'Unschedulable',
          message,
        },
        {
          namespace: 'games',
          name: 'dice-8',
          since: '2026-11-25T11:59:59Z',
          reason: undefined,
          message: undefined,
        },
      ],
    });
  });
});
