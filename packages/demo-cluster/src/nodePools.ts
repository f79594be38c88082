import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A NodePool the demo launches nodes from, with what the generator needs. */
export interface PoolDefinition {
  name: string;
  nodeClass: string;
  arch: 'amd64' | 'arm64';
  families: string[];
  capacityTypes: string[];
  sizes: string[];
  expireAfter: string;
  /** Share of the demo's nodes. */
  share: number;
  /** The NodePool as written in infra/ (metadata + spec). */
  manifest: any;
}

function requirementValues(spec: any, key: string): string[] | undefined {
  const req = (spec?.template?.spec?.requirements ?? []).find(
    (r: any) => r.key === key && r.operator === 'In',
  );
  return Array.isArray(req?.values) ? req.values.map(String) : undefined;
}

/** Turns NodePool manifests into generator definitions; Graviton is preferred (larger share). */
export function poolDefinitions(manifests: any[]): PoolDefinition[] {
  const pools = manifests
    .filter(m => m?.kind === 'NodePool' && m.metadata?.name)
    .map(m => {
      const arch = (requirementValues(m.spec, 'kubernetes.io/arch') ?? [
        'amd64',
      ])[0];
      return {
        name: String(m.metadata.name),
        nodeClass: String(
          m.spec?.template?.spec?.nodeClassRef?.name ?? 'default',
        ),
        arch: arch === 'arm64' ? 'arm64' : 'amd64',
        families: requirementValues(
          m.spec,
          'karpenter.k8s.aws/instance-family',
        ) ?? ['m6i'],
        capacityTypes: requirementValues(
          m.spec,
          'karpenter.sh/capacity-type',
        ) ?? ['on-demand'],
        sizes: requirementValues(m.spec, 'karpenter.k8s.aws/instance-size') ?? [
          'large',
          'xlarge',
          '2xlarge',
        ],
        expireAfter: String(m.spec?.template?.spec?.expireAfter ?? '720h'),
        share: 0,
        manifest: m,
      } as PoolDefinition;
    });
  const weightSum = pools.reduce(
    (s, p) => s + (p.arch === 'arm64' ? 0.55 : 0.45),
    0,
  );
  for (const p of pools) {
    p.share = (p.arch === 'arm64' ? 0.55 : 0.45) / weightSum;
  }
  return pools;
}

function readYamlDocs(file: string, vars: Record<string, string>): any[] {
  let text = fs.readFileSync(file, 'utf8');
  for (const [k, v] of Object.entries(vars)) {
    text = text.split(`\${${k}}`).join(v);
  }
  return parseAllDocuments(text).map(d => d.toJSON());
}

/**
 * Reads the platform's Karpenter manifests (infra/kubernetes/karpenter), so
 * the demo cluster runs the NodePools and EC2NodeClass that production runs.
 * Falls back to the same definitions built in when the directory is absent.
 */
export function readKarpenterManifests(
  dir: string | undefined,
  clusterName: string,
) {
  const vars = {
    cluster_name: clusterName,
    node_iam_role_name: `KarpenterNodeRole-${clusterName}`,
  };
  if (dir && fs.existsSync(dir)) {
    const docs = fs
      .readdirSync(dir)
      .filter(f => /\.ya?ml$/.test(f))
      .sort()
      .flatMap(f => readYamlDocs(path.join(dir, f), vars))
      .filter(Boolean);
    const nodePools = docs.filter(d => d.kind === 'NodePool');
    const nodeClasses = docs.filter(d => d.kind === 'EC2NodeClass');
    if (nodePools.length > 0) {
      return { nodePools, nodeClasses };
    }
  }
  return { nodePools: builtInNodePools(), nodeClasses: [] as any[] };
}

function builtInNodePools(): any[] {
  const pool = (
    name: string,
    arch: string,
    families: string[],
    weight: number,
    cpu: string,
    memory: string,
  ) => ({
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      weight,
      template: {
        metadata: { labels: { 'casino.io/pool': name } },
        spec: {
          nodeClassRef: {
            group: 'karpenter.k8s.aws',
            kind: 'EC2NodeClass',
            name: 'default',
          },
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: [arch] },
            {
              key: 'karpenter.sh/capacity-type',
              operator: 'In',
              values: ['spot', 'on-demand'],
            },
            {
              key: 'karpenter.k8s.aws/instance-family',
              operator: 'In',
              values: families,
            },
            {
              key: 'karpenter.k8s.aws/instance-size',
              operator: 'In',
              values: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'],
            },
          ],
          expireAfter: '720h',
        },
      },
      limits: { cpu, memory },
      disruption: {
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: '5m',
        budgets: [
          { nodes: '10%' },
          {
            nodes: '0',
            schedule: '0 16 * * 5',
            duration: '56h',
            reasons: ['Underutilized', 'Drifted'],
          },
        ],
      },
    },
  });
  return [
    pool('graviton', 'arm64', ['m7g', 'c7g', 'r7g'], 50, '2000', '8000Gi'),
    pool('x86', 'amd64', ['m6i', 'c6i', 'r6i'], 10, '1000', '4000Gi'),
  ];
}
