import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../testUtils';
import { formatFinding } from '../types';
import { karpenterCelRules } from './celRules';
import { celEnvironment } from './celExtensions';
import { validateManifests } from './validateManifests';

const KARPENTER = path.join(REPO_ROOT, 'infra/kubernetes/karpenter');

// The platform's own objects, with the Terraform templatefile variables filled in
const nodeClass = () =>
  parse(
    fs
      .readFileSync(path.join(KARPENTER, 'ec2nodeclass-default.yaml'), 'utf8')
      .replace(/\$\{node_iam_role_name\}/g, 'KarpenterNodeRole')
      .replace(/\$\{cluster_name\}/g, 'casino'),
  );
const nodePool = () =>
  parse(
    fs.readFileSync(path.join(KARPENTER, 'nodepool-graviton.yaml'), 'utf8'),
  );
const nodeClaim = () => ({
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodeClaim',
  metadata: { name: 'claim' },
  spec: {
    nodeClassRef: {
      group: 'karpenter.k8s.aws',
      kind: 'EC2NodeClass',
      name: 'default',
    },
    requirements: [
      { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
    ],
  },
});

type Mutate = (o: any) => void;
const BASES: Record<string, () => any> = {
  EC2NodeClass: nodeClass,
  NodePool: nodePool,
  NodeClaim: nodeClaim,
};

const withAlias = (alias: string, amiFamily?: string) => (o: any) => {
  o.spec.amiSelectorTerms = [{ alias }];
  if (amiFamily) o.spec.amiFamily = amiFamily;
};
const amiTerms = (terms: any[]) => (o: any) => {
  o.spec.amiSelectorTerms = terms;
  o.spec.amiFamily = 'AL2023';
};
const requirement = (r: any) => (o: any) => {
  const spec = o.kind === 'NodePool' ? o.spec.template.spec : o.spec;
  spec.requirements.push(r);
};
const emptyTagValue = { tags: { team: '' } };

// One violating change per rule: `<Kind>|<schema path>|<message>`
const VIOLATIONS: Record<string, Mutate> = {
  "EC2NodeClass|spec|must specify exactly one of ['role', 'instanceProfile']":
    o => (o.spec.instanceProfile = 'KarpenterNodeInstanceProfile'),
  "EC2NodeClass|spec|if set, amiFamily must be 'AL2' or 'Custom' when using an AL2 alias":
    withAlias('al2@latest', 'AL2023'),
  "EC2NodeClass|spec|if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias":
    withAlias('al2023@latest', 'AL2'),
  "EC2NodeClass|spec|if set, amiFamily must be 'Bottlerocket' or 'Custom' when using a Bottlerocket alias":
    withAlias('bottlerocket@latest', 'AL2'),
  "EC2NodeClass|spec|if set, amiFamily must be 'Windows2019' or 'Custom' when using a Windows2019 alias":
    withAlias('windows2019@latest', 'AL2'),
  "EC2NodeClass|spec|if set, amiFamily must be 'Windows2022' or 'Custom' when using a Windows2022 alias":
    withAlias('windows2022@latest', 'AL2'),
  "EC2NodeClass|spec|if set, amiFamily must be 'Windows2025' or 'Custom' when using a Windows2025 alias":
    withAlias('windows2025@latest', 'AL2'),
  'EC2NodeClass|spec|must specify amiFamily if amiSelectorTerms does not contain an alias':
    o => (o.spec.amiSelectorTerms = [{ id: 'ami-0123456789abcdef0' }]),
  "EC2NodeClass|spec.amiSelectorTerms|expected at least one, got none, ['tags', 'id', 'name', 'alias', 'ssmParameter']":
    amiTerms([{ owner: 'self' }]),
  "EC2NodeClass|spec.amiSelectorTerms|'id' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms":
    amiTerms([{ id: 'ami-0123456789abcdef0', name: 'casino-*' }]),
  "EC2NodeClass|spec.amiSelectorTerms|'alias' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms":
    o => (o.spec.amiSelectorTerms = [{ alias: 'al2023@latest', name: 'x' }]),
  "EC2NodeClass|spec.amiSelectorTerms|'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms":
    o =>
      (o.spec.amiSelectorTerms = [
        { alias: 'al2023@latest' },
        { name: 'casino-*' },
      ]),
  "EC2NodeClass|spec.amiSelectorTerms[].alias|'alias' is improperly formatted, must match the format 'family@version'":
    withAlias('al2023'),
  "EC2NodeClass|spec.amiSelectorTerms[].alias|family is not supported, must be one of the following: 'al2', 'al2023', 'bottlerocket', 'windows2019', 'windows2022', 'windows2025'":
    withAlias('ubuntu@latest'),
  "EC2NodeClass|spec.amiSelectorTerms[].alias|windows families may only specify version 'latest'":
    withAlias('windows2022@v20250101'),
  "EC2NodeClass|spec.amiSelectorTerms[].tags|empty tag keys or values aren't supported":
    amiTerms([emptyTagValue]),
  'EC2NodeClass|spec.blockDeviceMappings|must have only one blockDeviceMappings with rootVolume':
    o =>
      (o.spec.blockDeviceMappings = [
        {
          deviceName: '/dev/xvda',
          rootVolume: true,
          ebs: { volumeSize: '20Gi' },
        },
        {
          deviceName: '/dev/xvdb',
          rootVolume: true,
          ebs: { volumeSize: '20Gi' },
        },
      ]),
  'EC2NodeClass|spec.blockDeviceMappings[].ebs|snapshotID or volumeSize must be defined':
    o => delete o.spec.blockDeviceMappings[0].ebs.volumeSize,
  'EC2NodeClass|spec.blockDeviceMappings[].ebs|snapshotID must be set when volumeInitializationRate is set':
    o => (o.spec.blockDeviceMappings[0].ebs.volumeInitializationRate = 200),
  "EC2NodeClass|spec.capacityReservationSelectorTerms|expected at least one, got none, ['tags', 'id', 'instanceMatchCriteria']":
    o =>
      (o.spec.capacityReservationSelectorTerms = [{ ownerID: '123456789012' }]),
  "EC2NodeClass|spec.capacityReservationSelectorTerms|'id' is mutually exclusive, cannot be set along with other fields in a capacity reservation selector term":
    o =>
      (o.spec.capacityReservationSelectorTerms = [
        { id: 'cr-0123456789abcdef0', ownerID: '123456789012' },
      ]),
  "EC2NodeClass|spec.capacityReservationSelectorTerms[].tags|empty tag keys or values aren't supported":
    o => (o.spec.capacityReservationSelectorTerms = [emptyTagValue]),
  'EC2NodeClass|spec.connectionTracking|at least one of tcpEstablishedTimeout, udpStreamTimeout, or udpTimeout must be set':
    o => (o.spec.connectionTracking = {}),
  'EC2NodeClass|spec.instanceProfile|instanceProfile cannot be empty': o => {
    delete o.spec.role;
    o.spec.instanceProfile = '';
  },
  "EC2NodeClass|spec.networkInterfaces|networkInterfaces must include a primary interface with interfaceType='interface'":
    o =>
      (o.spec.networkInterfaces = [
        { networkCardIndex: 0, deviceIndex: 1, interfaceType: 'interface' },
      ]),
  'EC2NodeClass|spec.networkInterfaces|networkInterfaces must not have duplicate networkCardIndex and deviceIndex pairs, and can have at most one efa device per network card':
    o =>
      (o.spec.networkInterfaces = [
        { networkCardIndex: 0, deviceIndex: 0, interfaceType: 'interface' },
        { networkCardIndex: 0, deviceIndex: 0, interfaceType: 'interface' },
      ]),
  "EC2NodeClass|spec.placementGroupSelector|expected at least one, got none, ['name', 'id']":
    o => (o.spec.placementGroupSelector = {}),
  "EC2NodeClass|spec.placementGroupSelector|'name' and 'id' are mutually exclusive":
    o =>
      (o.spec.placementGroupSelector = {
        name: 'casino',
        id: 'pg-0123456789abcdef0',
      }),
  'EC2NodeClass|spec.role|role cannot be empty': o => (o.spec.role = ''),
  'EC2NodeClass|spec.securityGroupSelectorTerms|securityGroupSelectorTerms cannot be empty':
    o => (o.spec.securityGroupSelectorTerms = []),
  "EC2NodeClass|spec.securityGroupSelectorTerms|expected at least one, got none, ['tags', 'id', 'name']":
    o => (o.spec.securityGroupSelectorTerms = [{}]),
  "EC2NodeClass|spec.securityGroupSelectorTerms|'id' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term":
    o =>
      (o.spec.securityGroupSelectorTerms = [
        { id: 'sg-0123456789abcdef0', name: 'casino' },
      ]),
  "EC2NodeClass|spec.securityGroupSelectorTerms|'name' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term":
    o =>
      (o.spec.securityGroupSelectorTerms = [
        { name: 'casino', tags: { team: 'platform' } },
      ]),
  "EC2NodeClass|spec.securityGroupSelectorTerms[].tags|empty tag keys or values aren't supported":
    o => (o.spec.securityGroupSelectorTerms = [emptyTagValue]),
  'EC2NodeClass|spec.subnetSelectorTerms|subnetSelectorTerms cannot be empty':
    o => (o.spec.subnetSelectorTerms = []),
  "EC2NodeClass|spec.subnetSelectorTerms|expected at least one, got none, ['tags', 'id']":
    o => (o.spec.subnetSelectorTerms = [{}]),
  "EC2NodeClass|spec.subnetSelectorTerms|'id' is mutually exclusive, cannot be set with a combination of other fields in a subnet selector term":
    o =>
      (o.spec.subnetSelectorTerms = [
        { id: 'subnet-0123456789abcdef0', tags: { team: 'platform' } },
      ]),
  "EC2NodeClass|spec.subnetSelectorTerms[].tags|empty tag keys or values aren't supported":
    o => (o.spec.subnetSelectorTerms = [emptyTagValue]),
  "EC2NodeClass|spec.tags|empty tag keys aren't supported": o =>
    (o.spec.tags[''] = 'x'),
  'EC2NodeClass|spec.tags|tag contains a restricted tag matching eks:eks-cluster-name':
    o => (o.spec.tags['eks:eks-cluster-name'] = 'casino'),
  'EC2NodeClass|spec.tags|tag contains a restricted tag matching kubernetes.io/cluster/':
    o => (o.spec.tags['kubernetes.io/cluster/casino'] = 'owned'),
  'EC2NodeClass|spec.tags|tag contains a restricted tag matching karpenter.sh/nodepool':
    o => (o.spec.tags['karpenter.sh/nodepool'] = 'graviton'),
  'EC2NodeClass|spec.tags|tag contains a restricted tag matching karpenter.sh/nodeclaim':
    o => (o.spec.tags['karpenter.sh/nodeclaim'] = 'claim'),
  'EC2NodeClass|spec.tags|tag contains a restricted tag matching karpenter.k8s.aws/ec2nodeclass':
    o => (o.spec.tags['karpenter.k8s.aws/ec2nodeclass'] = 'default'),

  'NodeClaim|spec.nodeClassRef.group|group may not be empty': o =>
    (o.spec.nodeClassRef.group = ''),
  'NodeClaim|spec.nodeClassRef.kind|kind may not be empty': o =>
    (o.spec.nodeClassRef.kind = ''),
  'NodeClaim|spec.nodeClassRef.name|name may not be empty': o =>
    (o.spec.nodeClassRef.name = ''),
  "NodeClaim|spec.requirements|requirements with operator 'In' must have a value defined":
    requirement({ key: 'kubernetes.io/os', operator: 'In', values: [] }),
  "NodeClaim|spec.requirements|requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value":
    requirement({
      key: 'karpenter.k8s.aws/instance-cpu',
      operator: 'Gt',
      values: ['2', '4'],
    }),
  "NodeClaim|spec.requirements|requirements with 'minValues' must have at least that many values specified in the 'values' field":
    requirement({
      key: 'karpenter.k8s.aws/instance-family',
      operator: 'In',
      values: ['m7g'],
      minValues: 2,
    }),
  'NodeClaim|spec.requirements[].key|label domain "karpenter.sh" is restricted':
    requirement({ key: 'karpenter.sh/pool', operator: 'Exists' }),
  'NodeClaim|spec.requirements[].key|label "kubernetes.io/hostname" is restricted':
    requirement({ key: 'kubernetes.io/hostname', operator: 'Exists' }),
  'NodeClaim|spec.requirements[].key|label domain "karpenter.k8s.aws" is restricted':
    requirement({ key: 'karpenter.k8s.aws/pool', operator: 'Exists' }),

  "NodePool|spec|only 'limits.nodes' is supported on static NodePools": o => {
    o.spec.replicas = 3;
    delete o.spec.weight;
  },
  "NodePool|spec|'weight' is not supported on static NodePools": o => {
    o.spec.replicas = 3;
    o.spec.limits = { nodes: 3 };
  },
  "NodePool|spec.disruption.budgets|'schedule' must be set with 'duration'":
    o => delete o.spec.disruption.budgets[1].duration,
  'NodePool|spec.template.metadata.labels|label domain "karpenter.sh" is restricted':
    o => (o.spec.template.metadata.labels['karpenter.sh/pool'] = 'x'),
  'NodePool|spec.template.metadata.labels|label "karpenter.sh/nodepool" is restricted':
    o => (o.spec.template.metadata.labels['karpenter.sh/nodepool'] = 'x'),
  'NodePool|spec.template.metadata.labels|label "kubernetes.io/hostname" is restricted':
    o => (o.spec.template.metadata.labels['kubernetes.io/hostname'] = 'x'),
  'NodePool|spec.template.metadata.labels|label domain "karpenter.k8s.aws" is restricted':
    o => (o.spec.template.metadata.labels['karpenter.k8s.aws/pool'] = 'x'),
  'NodePool|spec.template.spec.nodeClassRef.group|group may not be empty': o =>
    (o.spec.template.spec.nodeClassRef.group = ''),
  'NodePool|spec.template.spec.nodeClassRef.kind|kind may not be empty': o =>
    (o.spec.template.spec.nodeClassRef.kind = ''),
  'NodePool|spec.template.spec.nodeClassRef.name|name may not be empty': o =>
    (o.spec.template.spec.nodeClassRef.name = ''),
  "NodePool|spec.template.spec.requirements|requirements with operator 'In' must have a value defined":
    requirement({ key: 'kubernetes.io/os', operator: 'In', values: [] }),
  "NodePool|spec.template.spec.requirements|requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value":
    requirement({
      key: 'karpenter.k8s.aws/instance-cpu',
      operator: 'Lt',
      values: ['-1'],
    }),
  "NodePool|spec.template.spec.requirements|requirements with 'minValues' must have at least that many values specified in the 'values' field":
    o => (o.spec.template.spec.requirements[3].minValues = 4),
  'NodePool|spec.template.spec.requirements[].key|label domain "karpenter.sh" is restricted':
    requirement({ key: 'karpenter.sh/pool', operator: 'Exists' }),
  'NodePool|spec.template.spec.requirements[].key|label "karpenter.sh/nodepool" is restricted':
    requirement({ key: 'karpenter.sh/nodepool', operator: 'Exists' }),
  'NodePool|spec.template.spec.requirements[].key|label "kubernetes.io/hostname" is restricted':
    requirement({ key: 'kubernetes.io/hostname', operator: 'Exists' }),
  'NodePool|spec.template.spec.requirements[].key|label domain "karpenter.k8s.aws" is restricted':
    requirement({ key: 'karpenter.k8s.aws/pool', operator: 'Exists' }),
};

const ruleKey = (r: { kind: string; schemaPath: string; message: string }) =>
  `${r.kind.split(' ')[1]}|${r.schemaPath}|${r.message}`;
const rules = karpenterCelRules();
const evaluated = rules.filter(r => !r.transition);

describe('Karpenter CRD CEL rules', () => {
  it('evaluates every rule of the vendored CRDs but the transition rules', () => {
    expect(rules.length).toBe(74);
    expect(evaluated.length).toBe(70);
    expect(rules.filter(r => r.transition).map(r => r.rule)).toEqual(
      rules.filter(r => /oldSelf/.test(r.rule)).map(r => r.rule),
    );
    // Every rule compiles with the Kubernetes extensions in place
    for (const r of evaluated)
      expect(() => celEnvironment().parse(r.rule)).not.toThrow();
    // Rules are told apart by kind, path and message
    expect(new Set(evaluated.map(ruleKey)).size).toBe(evaluated.length);
    expect(Object.keys(VIOLATIONS).sort()).toEqual(
      evaluated.map(ruleKey).sort(),
    );
  });

  it('accepts the platform objects the violations start from', () => {
    expect(
      validateManifests(
        Object.values(BASES).map(base => ({
          object: base(),
          file: 'base.yaml',
        })),
      ).map(formatFinding),
    ).toEqual([]);
  });

  it.each(evaluated.map(r => [ruleKey(r), r] as const))(
    'refuses a manifest violating %s',
    (key, rule) => {
      const object = BASES[rule.kind.split(' ')[1]]();
      VIOLATIONS[key](object);
      const messages = validateManifests([{ object, file: 'x.yaml' }]).map(
        f => f.message,
      );
      expect(messages).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `: ${rule.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
          ),
        ),
      );
    },
  );
});
