import {
  AWS_ON_DEMAND_PRICES,
  AWS_SPOT_PRICING,
  HOURS_PER_MONTH,
  resolvePrice,
} from '@internal/pricing';
// The backend's allocator, to check the estimate against what the Cost page charges.
import { allocateHour } from '@internal/plugin-cost-node';

type KubeObject = Parameters<typeof allocateHour>[0]['nodes'][number];
import { estimateDeploy, parseCpu, parseMemoryGib } from './estimate';

const pricing = {
  priceTable: AWS_ON_DEMAND_PRICES,
  spot: AWS_SPOT_PRICING,
  defaultRegion: 'eu-central-1',
};
const shape = {
  replicas: 2,
  cpuRequest: '250m',
  memoryRequest: '256Mi',
  architecture: 'arm64',
  capacityType: 'on-demand',
};

describe('estimateDeploy', () => {
  it('reads CPU and memory requests as the chart takes them', () => {
    expect(parseCpu('250m')).toBe(0.25);
    expect(parseCpu('1.5')).toBe(1.5);
    expect(parseCpu('1e3')).toBeUndefined();
    expect(parseMemoryGib('256Mi')).toBe(0.25);
    expect(parseMemoryGib('2Gi')).toBe(2);
    expect(parseMemoryGib('2G')).toBeUndefined();
  });

  it("charges the replicas what the Cost page allocates to such pods on the node's price", () => {
    const estimate = estimateDeploy(pricing, shape);
    if ('reason' in estimate) throw new Error(estimate.reason);
    // The Cost page's allocation of one hour: an m7g.xlarge on-demand node
    // running exactly these two pods
    const node = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'node.kubernetes.io/instance-type': 'm7g.xlarge',
          'karpenter.sh/capacity-type': 'on-demand',
          'topology.kubernetes.io/zone': 'eu-central-1a',
          'kubernetes.io/arch': 'arm64',
        },
      },
      status: { capacity: { cpu: '4', memory: '16Gi', pods: '58' } },
    });
    const pod = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'direct',
        labels: { 'backstage.io/kubernetes-id': 'bonus-engine' },
      },
      spec: {
        nodeName: 'n1',
        containers: [
          { resources: { requests: { cpu: '250m', memory: '256Mi' } } },
        ],
      },
      status: { phase: 'Running' },
    });
    const hour = allocateHour(
      { nodes: [node('n1')], pods: [pod('a'), pod('b')] },
      {
        priceTable: AWS_ON_DEMAND_PRICES,
        spot: AWS_SPOT_PRICING,
        defaultRegion: 'eu-central-1',
        teamOf: () => 'group:default/direct',
      },
    );
    const allocated = hour.rows
      .filter(r => r.service === 'bonus-engine')
      .reduce((sum, r) => sum + r.amount, 0);
    expect(estimate.monthly).toBeCloseTo(
      (allocated / 1_000_000) * HOURS_PER_MONTH,
      2,
    );
    expect(estimate.instanceType).toBe('m7g.xlarge');
    expect(estimate.sources[0]).toContain('on-demand');
  });

  it('prices any capacity on spot with the on-demand price as the ceiling', () => {
    const estimate = estimateDeploy(pricing, { ...shape, capacityType: 'any' });
    if ('reason' in estimate) throw new Error(estimate.reason);
    const od = resolvePrice(
      AWS_ON_DEMAND_PRICES,
      AWS_SPOT_PRICING,
      'eu-central-1',
      'm7g.xlarge',
      'on-demand',
    ).perHour!;
    expect(estimate.monthly).toBeLessThan(estimate.monthlyCeiling!);
    expect(estimate.monthlyCeiling! / estimate.monthly).toBeCloseTo(
      od /
        resolvePrice(
          AWS_ON_DEMAND_PRICES,
          AWS_SPOT_PRICING,
          'eu-central-1',
          'm7g.xlarge',
          'spot',
        ).perHour!,
      6,
    );
    expect(estimate.sources).toHaveLength(2);
  });

  it('prices amd64 on x86 and scales with the replicas', () => {
    const one = estimateDeploy(pricing, {
      ...shape,
      architecture: 'amd64',
      replicas: 1,
    });
    const three = estimateDeploy(pricing, {
      ...shape,
      architecture: 'amd64',
      replicas: 3,
    });
    if ('reason' in one || 'reason' in three) throw new Error('no estimate');
    expect(one.instanceType).toBe('m6i.xlarge');
    expect(three.monthly).toBeCloseTo(one.monthly * 3, 6);
  });

  it('says what is missing instead of pricing an incomplete form', () => {
    expect(estimateDeploy(pricing, { ...shape, cpuRequest: '' })).toEqual({
      reason: 'Give a CPU request to price it.',
    });
    expect(estimateDeploy(pricing, { ...shape, memoryRequest: '1G' })).toEqual({
      reason: 'Give a memory request to price it.',
    });
  });
});
