/** EC2 instance shapes the demo NodePools launch (vCPU and GiB per size). */
export interface InstanceShape {
  instanceType: string;
  family: string;
  size: string;
  category: string;
  generation: string;
  arch: 'amd64' | 'arm64';
  vcpu: number;
  memoryGiB: number;
  maxPods: number;
}

const SIZES: ReadonlyArray<readonly [string, number]> = [
  ['large', 2],
  ['xlarge', 4],
  ['2xlarge', 8],
  ['4xlarge', 16],
  ['8xlarge', 32],
];

// GiB of memory per vCPU by instance category (m general, c compute, r memory).
const GIB_PER_VCPU: Record<string, number> = { m: 4, c: 2, r: 8 };

// ENI-limited max pods on the VPC CNI without prefix delegation.
const MAX_PODS: Record<string, number> = {
  large: 29,
  xlarge: 58,
  '2xlarge': 58,
  '4xlarge': 234,
  '8xlarge': 234,
};

export const SIZE_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['large', 0.2],
  ['xlarge', 0.35],
  ['2xlarge', 0.25],
  ['4xlarge', 0.15],
  ['8xlarge', 0.05],
];

/** The shape of e.g. `m7g.2xlarge`. */
export function instanceShape(family: string, size: string): InstanceShape {
  const vcpu = SIZES.find(([s]) => s === size)?.[1];
  if (!vcpu) {
    throw new Error(`Unknown size '${size}'`);
  }
  const category = family[0];
  const generation = family.replace(/^[a-z]+(\d+).*$/, '$1');
  return {
    instanceType: `${family}.${size}`,
    family,
    size,
    category,
    generation,
    arch: /\d+g/.test(family) ? 'arm64' : 'amd64',
    vcpu,
    memoryGiB: vcpu * (GIB_PER_VCPU[category] ?? 4),
    maxPods: MAX_PODS[size],
  };
}
