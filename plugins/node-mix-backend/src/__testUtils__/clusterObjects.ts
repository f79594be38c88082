import { PriceTable, SpotPricing } from '@internal/pricing';
import { KubeObject } from '@internal/plugin-node-mix-common';

// Small Kubernetes objects and prices for the aggregation tests.

export const NOW = Date.parse('2026-11-25T12:00:00Z'); // a Wednesday
export const GiB = 2 ** 30;

export const priceTable: PriceTable = {
  id: 'test-table',
  asOf: '2026-11-01',
  source: 'test',
  currency: 'USD',
  onDemand: {
    'us-east-1': {
      'm6i.large': 0.096,
      'm6i.xlarge': 0.192,
      'm7g.large': 0.0816,
      'm7g.xlarge': 0.1632,
      'c7g.large': 0.0725,
    },
  },
};
export const spot: SpotPricing = {
  prices: { 'm7g.xlarge': 0.07, 'm6i.xlarge': 0.08 },
  source: 'test config',
};

export function node(
  name: string,
  o: {
    type?: string;
    capacity?: 'spot' | 'on-demand';
    pool?: string;
    arch?: string;
    cpu?: string;
    memory?: string;
    labels?: Record<string, string | undefined>;
    taints?: any[];
    annotations?: Record<string, string>;
  } = {},
): KubeObject {
  const type = o.type ?? 'm6i.xlarge';
  const labels: Record<string, string | undefined> = {
    'kubernetes.io/arch': o.arch ?? (type.includes('g.') ? 'arm64' : 'amd64'),
    'kubernetes.io/os': 'linux',
    'kubernetes.io/hostname': name,
    'node.kubernetes.io/instance-type': type,
    'karpenter.k8s.aws/instance-family': type.split('.')[0],
    'karpenter.sh/capacity-type': o.capacity ?? 'on-demand',
    'karpenter.sh/nodepool': o.pool ?? 'x86',
    'topology.kubernetes.io/zone': 'us-east-1a',
    'topology.kubernetes.io/region': 'us-east-1',
    ...o.labels,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: Object.fromEntries(
        Object.entries(labels).filter(([, v]) => v !== undefined),
      ) as Record<string, string>,
      annotations: o.annotations ?? {},
      creationTimestamp: '2026-11-20T10:00:00Z',
    },
    spec: {
      providerID: `aws:///us-east-1a/i-${name}`,
      ...(o.taints ? { taints: o.taints } : {}),
    },
    status: {
      capacity: {
        cpu: o.cpu ?? '4',
        memory: o.memory ?? '16073500Ki',
        pods: '58',
      },
      allocatable: { cpu: '3920m', memory: '15207196Ki', pods: '58' },
      nodeInfo: { architecture: o.arch ?? 'amd64' },
    },
  };
}

let podSeq = 0;
export function pod(
  nodeName: string,
  cpu: string,
  memory: string,
  o: {
    ns?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    daemon?: boolean;
    phase?: string;
  } = {},
): KubeObject {
  podSeq++;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${podSeq}`,
      namespace: o.ns ?? 'games',
      labels: o.labels ?? { 'app.kubernetes.io/name': 'lobby' },
      annotations: o.annotations,
      ownerReferences: [
        { kind: o.daemon ? 'DaemonSet' : 'ReplicaSet', name: 'owner' },
      ],
    },
    spec: {
      nodeName,
      containers: [{ name: 'app', resources: { requests: { cpu, memory } } }],
    },
    status: { phase: o.phase ?? 'Running' },
  };
}

export function claim(
  name: string,
  nodeName: string,
  o: {
    conditions?: any[];
    created?: string;
    deleting?: boolean;
    pool?: string;
  } = {},
): KubeObject {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: {
      name,
      labels: { 'karpenter.sh/nodepool': o.pool ?? 'x86' },
      creationTimestamp: o.created ?? '2026-11-20T10:00:00Z',
      ...(o.deleting ? { deletionTimestamp: '2026-11-25T11:59:00Z' } : {}),
    },
    spec: {
      expireAfter: '720h',
      nodeClassRef: {
        group: 'karpenter.k8s.aws',
        kind: 'EC2NodeClass',
        name: 'default',
      },
    },
    status: {
      nodeName,
      conditions: o.conditions ?? [
        { type: 'Ready', status: 'True', reason: 'Ready' },
        { type: 'Consolidatable', status: 'True', reason: 'Consolidatable' },
      ],
    },
  };
}

export function nodePool(
  name: string,
  disruption: any = {},
  limits: any = { cpu: '100', memory: '400Gi' },
  resources?: any,
): KubeObject {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      limits,
      disruption: {
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: '5m',
        budgets: [{ nodes: '10%' }],
        ...disruption,
      },
    },
    status: resources ? { resources } : {},
  };
}

export const options = { cluster: 'test', priceTable, spot, now: NOW };
