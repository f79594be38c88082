import { loadKarpenterCrds } from './schemaRegistry';

// Karpenter's well-known labels outside the karpenter.k8s.aws domain
// (sigs.k8s.io/karpenter pkg/apis/v1 WellKnownLabels, plus the AWS zone id)
const CORE_WELL_KNOWN = [
  'karpenter.sh/capacity-type',
  'karpenter.sh/nodepool',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'node.kubernetes.io/instance-type',
  'node.kubernetes.io/windows-build',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.k8s.aws/zone-id',
];

const WELL_KNOWN_VALUES: Record<string, string[]> = {
  'karpenter.sh/capacity-type': ['spot', 'on-demand', 'reserved'],
  'kubernetes.io/arch': ['amd64', 'arm64'],
  'kubernetes.io/os': ['linux', 'windows'],
};

let labels: Set<string> | undefined;

/**
 * Labels a NodePool requirement may use: the core ones and the
 * karpenter.k8s.aws/* labels the vendored NodePool CRD's own CEL rule lists.
 */
export function wellKnownRequirementLabels(): Set<string> {
  if (!labels) {
    labels = new Set(CORE_WELL_KNOWN);
    const nodePool = loadKarpenterCrds().find(
      c => c.spec?.names?.kind === 'NodePool',
    );
    const text = JSON.stringify(nodePool ?? {});
    for (const m of text.matchAll(/\\"(karpenter\.k8s\.aws\/[a-z0-9-]+)\\"/g))
      labels.add(m[1]);
  }
  return labels;
}

export interface RequirementProblem {
  index: number;
  field: 'key' | 'values';
  message: string;
}

/** Checks `spec.template.spec.requirements` of a NodePool. */
export function checkNodePoolRequirements(
  requirements: unknown,
): RequirementProblem[] {
  if (!Array.isArray(requirements)) return [];
  const known = wellKnownRequirementLabels();
  const problems: RequirementProblem[] = [];
  requirements.forEach((req, index) => {
    if (!req || typeof req !== 'object') return;
    const { key, operator, values } = req as {
      key?: string;
      operator?: string;
      values?: unknown[];
    };
    if (typeof key !== 'string') return;
    if (!known.has(key)) {
      problems.push({
        index,
        field: 'key',
        message: `'${key}' is not a well-known label Karpenter can provision for; use one of kubernetes.io/arch, karpenter.sh/capacity-type, karpenter.k8s.aws/instance-family, karpenter.k8s.aws/instance-category, topology.kubernetes.io/zone, ...`,
      });
      return;
    }
    const allowed = WELL_KNOWN_VALUES[key];
    if (
      allowed &&
      (operator === 'In' || operator === 'NotIn') &&
      Array.isArray(values)
    ) {
      for (const v of values) {
        if (!allowed.includes(String(v))) {
          problems.push({
            index,
            field: 'values',
            message: `'${v}' is not a value of ${key}; use ${allowed.join(
              ', ',
            )}`,
          });
        }
      }
    }
  });
  return problems;
}

/** What a file in the NodePool folder may hold, by file-name prefix. */
const KARPENTER_FILES: Record<string, { apiVersion: string; kind: string }> = {
  nodepool: { apiVersion: 'karpenter.sh/v1', kind: 'NodePool' },
  ec2nodeclass: { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass' },
};

/** True for files in `infra/kubernetes/karpenter/`, the folder the karpenter module applies. */
export function isKarpenterFolderFile(file: string): boolean {
  const parts = file.split(/[\\/]/);
  return (
    parts.length >= 3 &&
    parts.at(-3) === 'kubernetes' &&
    parts.at(-2) === 'karpenter'
  );
}

/**
 * The karpenter module applies each `<prefix>-<name>.yaml` of the NodePool
 * folder as one manifest with cluster-admin rights, so a file must hold
 * exactly one object of the kind its name promises: a second document (say a
 * ClusterRoleBinding appended through a template parameter) would be applied
 * too.
 */
export function checkKarpenterFolderFile(
  fileName: string,
  docs: unknown[],
): string[] {
  const m = /^([a-z0-9]+)-([a-z0-9-]+)\.ya?ml$/.exec(fileName);
  const expected = m ? KARPENTER_FILES[m[1]] : undefined;
  if (!m || !expected) {
    return [
      `'${fileName}' is not a NodePool folder file; name it nodepool-<name>.yaml or ec2nodeclass-<name>.yaml`,
    ];
  }
  const want = `${expected.kind} '${m[2]}' (${expected.apiVersion})`;
  if (docs.length !== 1) {
    const kinds = docs.map(d => String((d as any)?.kind ?? 'not an object'));
    return [
      `must hold exactly one document, the ${want}; found ${docs.length}${
        kinds.length ? ` (${kinds.join(', ')})` : ''
      }`,
    ];
  }
  const doc = docs[0] as any;
  if (
    doc?.apiVersion !== expected.apiVersion ||
    doc?.kind !== expected.kind ||
    doc?.metadata?.name !== m[2]
  ) {
    return [
      `must hold the ${want}; found ${String(doc?.kind)} '${String(
        doc?.metadata?.name,
      )}' (${String(doc?.apiVersion)})`,
    ];
  }
  return [];
}
