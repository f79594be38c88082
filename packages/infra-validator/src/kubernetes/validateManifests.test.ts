import path from 'node:path';
import { parse } from 'yaml';
import fs from 'node:fs';
import { validateManifests } from './validateManifests';
import { REPO_ROOT } from '../testUtils';
import { formatFinding } from '../types';
import { listFiles } from '../util/files';

const nodePool = () =>
  parse(
    fs.readFileSync(
      path.join(REPO_ROOT, 'infra/kubernetes/karpenter/nodepool-graviton.yaml'),
      'utf8',
    ),
  );
const deployment = () =>
  parse(
    fs.readFileSync(
      path.join(
        REPO_ROOT,
        'infra/kubernetes/deployments/multi-arch-example.yaml',
      ),
      'utf8',
    ),
  );

describe('validateManifests', () => {
  it('accepts every real manifest', () => {
    const files = ['kubernetes', 'argocd'].flatMap(d =>
      listFiles(path.join(REPO_ROOT, 'infra', d), f => /\.ya?ml$/.test(f)),
    );
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(
      validateManifests(files, {
        baseDir: REPO_ROOT,
        requireKnownKinds: true,
      }).map(formatFinding),
    ).toEqual([]);
  });

  it('rejects an unknown field in a NodePool with its path and line', () => {
    const file = path.join(
      fs.mkdtempSync(path.join(require('os').tmpdir(), 'np-')),
      'nodepool.yaml',
    );
    fs.writeFileSync(
      file,
      fs
        .readFileSync(
          path.join(
            REPO_ROOT,
            'infra/kubernetes/karpenter/nodepool-graviton.yaml',
          ),
          'utf8',
        )
        .replace('  weight: 50', '  weight: 50\n  wieght: 3'),
    );
    expect(
      validateManifests([file]).map(f => ({
        line: f.line,
        path: f.path,
        message: f.message,
      })),
    ).toEqual([
      {
        line: 11,
        path: 'spec.wieght',
        message: "NodePool 'graviton': unknown field 'wieght'",
      },
    ]);
  });

  it('rejects NodePool values outside the CRD schema', () => {
    const np = nodePool();
    np.spec.weight = 500;
    np.spec.disruption.consolidationPolicy = 'Always';
    np.spec.template.spec.expireAfter = '30d';
    expect(
      validateManifests([{ object: np, file: 'np.yaml' }]).map(
        f => `${f.path}: ${f.message}`,
      ),
    ).toEqual([
      'spec.disruption.consolidationPolicy: NodePool \'graviton\': must be one of WhenEmpty, WhenEmptyOrUnderutilized, Balanced (got "Always")',
      'spec.template.spec.expireAfter: NodePool \'graviton\': must match ^(([0-9]+(s|m|h))+|Never)$ (got "30d")',
      "spec.weight: NodePool 'graviton': must be <= 100 (got 500)",
    ]);
  });

  it('allows only well-known labels and values in NodePool requirements', () => {
    const np = nodePool();
    np.spec.template.spec.requirements.push(
      { key: 'casino.io/team', operator: 'In', values: ['direct'] },
      {
        key: 'karpenter.sh/capacity-type',
        operator: 'In',
        values: ['preemptible'],
      },
    );
    expect(
      validateManifests([{ object: np, file: 'np.yaml' }]).map(
        f => `${f.path}: ${f.message}`,
      ),
    ).toEqual([
      expect.stringMatching(
        /^spec\.template\.spec\.requirements\[5\]\.key: NodePool 'graviton': 'casino\.io\/team' is not a well-known label/,
      ),
      "spec.template.spec.requirements[6].values: NodePool 'graviton': 'preemptible' is not a value of karpenter.sh/capacity-type; use spot, on-demand, reserved",
    ]);
  });

  it('rejects unknown fields in core objects, at any depth, and in metadata of custom resources', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    d.spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpression =
      [];
    const np = nodePool();
    np.metadata.label = { a: 'b' };
    expect(
      validateManifests([
        { object: d, file: 'd.yaml' },
        { object: np, file: 'np.yaml' },
      ]).map(f => `${f.file} ${f.path}: ${f.message}`),
    ).toEqual([
      "d.yaml spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpression: Deployment 'multi-arch-example': unknown field 'matchExpression'",
      "d.yaml spec.template.spec.containers[0].imagePullPolicyy: Deployment 'multi-arch-example': unknown field 'imagePullPolicyy'",
      "np.yaml metadata.label: NodePool 'graviton': unknown field 'label'",
    ]);
  });

  it('keeps free-form maps open (labels, nodeSelector) and reports type errors', () => {
    const d = deployment();
    d.metadata.labels['any.example.com/key'] = 'v';
    d.spec.replicas = 'three';
    expect(
      validateManifests([{ object: d, file: 'd.yaml' }]).map(
        f => `${f.path}: ${f.message}`,
      ),
    ).toEqual([
      'spec.replicas: Deployment \'multi-arch-example\': must be integer (got "three")',
    ]);
  });

  it('names the served version when the apiVersion is wrong, and flags unknown kinds', () => {
    const np = nodePool();
    np.apiVersion = 'karpenter.sh/v1beta1';
    const findings = validateManifests([
      { object: np, file: 'np.yaml' },
      {
        object: { apiVersion: 'example.com/v1', kind: 'Widget' },
        file: 'w.yaml',
      },
    ]);
    expect(findings.map(f => `${f.severity}: ${f.message}`)).toEqual([
      "error: NodePool 'graviton': no schema for karpenter.sh/v1beta1; NodePool is served as karpenter.sh/v1",
      "warning: Widget '<unnamed>': no schema known for example.com/v1 Widget",
    ]);
  });

  describe('the NodePool folder (infra/kubernetes/karpenter)', () => {
    const graviton = fs.readFileSync(
      path.join(REPO_ROOT, 'infra/kubernetes/karpenter/nodepool-graviton.yaml'),
      'utf8',
    );
    const dir = path.join(
      fs.mkdtempSync(path.join(require('os').tmpdir(), 'karpenter-folder-')),
      'infra/kubernetes/karpenter',
    );
    fs.mkdirSync(dir, { recursive: true });
    const check = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return validateManifests([path.join(dir, name)])
        .filter(f => f.severity === 'error')
        .map(f => f.message);
    };
    // Issue 13: a template's description with a newline appended this, and
    // the validator passed it
    const clusterAdmin = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: pwned
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: User
    name: attacker
    apiGroup: rbac.authorization.k8s.io
`;

    it('accepts one NodePool named like its file', () => {
      expect(check('nodepool-graviton.yaml', graviton)).toEqual([]);
    });

    it('rejects a NodePool file with a ClusterRoleBinding appended', () => {
      expect(
        check('nodepool-graviton.yaml', `${graviton}${clusterAdmin}`),
      ).toEqual([
        "must hold exactly one document, the NodePool 'graviton' (karpenter.sh/v1); found 2 (NodePool, ClusterRoleBinding)",
      ]);
    });

    it('rejects a file holding only another kind, or a NodePool under another name', () => {
      expect(check('nodepool-graviton.yaml', clusterAdmin)).toEqual([
        "must hold the NodePool 'graviton' (karpenter.sh/v1); found ClusterRoleBinding 'pwned' (rbac.authorization.k8s.io/v1)",
      ]);
      expect(check('nodepool-other.yaml', graviton)).toEqual([
        "must hold the NodePool 'other' (karpenter.sh/v1); found NodePool 'graviton' (karpenter.sh/v1)",
      ]);
    });

    it('rejects files the karpenter module would not expect, and empty ones', () => {
      expect(check('rbac.yaml', clusterAdmin)).toEqual([
        "'rbac.yaml' is not a NodePool folder file; name it nodepool-<name>.yaml or ec2nodeclass-<name>.yaml",
      ]);
      expect(check('nodepool-empty.yaml', '# nothing\n')).toEqual([
        "must hold exactly one document, the NodePool 'empty' (karpenter.sh/v1); found 0",
      ]);
    });
  });
});
