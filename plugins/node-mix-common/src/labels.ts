/** Well-known labels the mix is read from. @public */
export const LABELS = {
  arch: 'kubernetes.io/arch',
  instanceType: 'node.kubernetes.io/instance-type',
  instanceTypeBeta: 'beta.kubernetes.io/instance-type',
  family: 'karpenter.k8s.aws/instance-family',
  capacityType: 'karpenter.sh/capacity-type',
  eksCapacityType: 'eks.amazonaws.com/capacityType',
  eksNodeGroup: 'eks.amazonaws.com/nodegroup',
  nodePool: 'karpenter.sh/nodepool',
  zone: 'topology.kubernetes.io/zone',
  region: 'topology.kubernetes.io/region',
} as const;
