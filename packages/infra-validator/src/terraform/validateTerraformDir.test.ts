import fs from 'node:fs';
import path from 'node:path';
import {
  isPinnedConstraint,
  validateTerraformDir,
} from './validateTerraformDir';
import { copyInfra, edit, removeDir, REPO_ROOT } from '../testUtils';
import { formatFinding } from '../types';

const MODULES = ['vpc', 'eks', 'karpenter', 'hetzner-nodes', 'platform-apps'];

describe('validateTerraformDir', () => {
  it.each(MODULES)('accepts the real %s module', async name => {
    const findings = await validateTerraformDir(
      path.join(REPO_ROOT, 'infra/terraform/modules', name),
      {
        baseDir: REPO_ROOT,
        requireModuleLayout: true,
      },
    );
    expect(
      findings.filter(f => f.severity === 'error').map(formatFinding),
    ).toEqual([]);
  });

  describe('on a broken copy', () => {
    let root: string;
    const modules = () => path.join(root, 'infra/terraform/modules');
    beforeEach(() => {
      root = copyInfra();
    });
    afterEach(() => removeDir(root));

    it('names a typo in a registry module input and suggests the real one', async () => {
      edit(
        root,
        'infra/terraform/modules/vpc/main.tf',
        '  single_nat_gateway     =',
        '  single_nat_gatway      =',
      );
      const findings = await validateTerraformDir(path.join(modules(), 'vpc'), {
        baseDir: root,
      });
      expect(findings.map(formatFinding)).toEqual([
        "infra/terraform/modules/vpc/main.tf:24: error: module.vpc.single_nat_gatway: 'terraform-aws-modules/vpc/aws' 6.5.0 has no input 'single_nat_gatway'; did you mean 'single_nat_gateway'?",
      ]);
    });

    it('checks calls to local modules: unknown and missing required inputs, unknown outputs', async () => {
      const dir = path.join(root, 'infra/terraform/stack');
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, 'main.tf'),
        [
          'module "network" {',
          '  source = "../modules/vpc"',
          '  name   = "casino-dev"',
          '  azs    = ["eu-central-1a", "eu-central-1b"]',
          '  cidrr  = "10.0.0.0/16"',
          '}',
          '',
          'output "vpc" {',
          '  value = module.network.vpc_idd',
          '}',
          '',
        ].join('\n'),
      );
      const findings = await validateTerraformDir(dir, { baseDir: root });
      expect(findings.map(formatFinding)).toEqual([
        "infra/terraform/stack/main.tf:5: error: module.network.cidrr: module '../modules/vpc' has no input 'cidrr'; did you mean 'cidr'?",
        "infra/terraform/stack/main.tf:1: error: module.network: Required input 'cluster_name' of module '../modules/vpc' is not set",
        "infra/terraform/stack/main.tf:9: error: module.network.vpc_idd: Module 'network' has no output 'vpc_idd'; did you mean 'vpc_id'?",
      ]);
    });

    it('reports an HCL syntax error with file and line', async () => {
      fs.writeFileSync(
        path.join(modules(), 'eks', 'extra.tf'),
        'locals {\n  a = [1,\n}\n',
      );
      const findings = await validateTerraformDir(path.join(modules(), 'eks'), {
        baseDir: root,
      });
      expect(findings).toEqual([
        expect.objectContaining({
          file: 'infra/terraform/modules/eks/extra.tf',
          line: 3,
          severity: 'error',
          message: expect.stringMatching(
            /^HCL syntax error at column 1: Invalid expression/,
          ),
        }),
      ]);
    });

    it('reports an unpinned provider', async () => {
      edit(
        root,
        'infra/terraform/modules/hetzner-nodes/versions.tf',
        'version = "~> 1.50"',
        'version = ">= 1.50"',
      );
      const findings = await validateTerraformDir(
        path.join(modules(), 'hetzner-nodes'),
        { baseDir: root },
      );
      expect(findings.map(formatFinding)).toEqual([
        'infra/terraform/modules/hetzner-nodes/versions.tf:5: error: required_providers.hcloud: Provider \'hcloud\' version ">= 1.50" has no upper bound; pin it with "~> X.Y" so a new major release cannot break the module',
      ]);
    });

    it('reports a provider used by resources but missing from required_providers', async () => {
      edit(
        root,
        'infra/terraform/modules/karpenter/versions.tf',
        '    kubectl = {\n      source  = "alekc/kubectl"\n      version = "~> 2.1"\n    }\n',
        '',
      );
      const findings = await validateTerraformDir(
        path.join(modules(), 'karpenter'),
        { baseDir: root },
      );
      expect(findings.map(f => f.message)).toEqual([
        "'kubectl_manifest' comes from provider 'kubectl', which is not in required_providers of 'infra/terraform/modules/karpenter'; add it with a pinned version to versions.tf",
      ]);
    });

    it('reports a registry module pinned to another version or to a range', async () => {
      edit(
        root,
        'infra/terraform/modules/eks/main.tf',
        'version = "21.8.0"',
        'version = "~> 21.0"',
      );
      edit(
        root,
        'infra/terraform/modules/vpc/main.tf',
        'version = "6.5.0"',
        'version = "6.4.0"',
      );
      const eks = await validateTerraformDir(path.join(modules(), 'eks'), {
        baseDir: root,
      });
      const vpc = await validateTerraformDir(path.join(modules(), 'vpc'), {
        baseDir: root,
      });
      expect([...eks, ...vpc].map(f => f.message)).toEqual([
        'Registry module \'terraform-aws-modules/eks/aws\' version "~> 21.0" is a range; pin an exact version ("21.8.0")',
        "Registry module 'terraform-aws-modules/vpc/aws' is pinned to 6.4.0, but the platform uses 6.5.0",
      ]);
    });

    it('reports a reference to an undeclared variable', async () => {
      edit(
        root,
        'infra/terraform/modules/karpenter/helm.tf',
        'var.cluster_endpoint',
        'var.cluster_endpont',
      );
      const findings = await validateTerraformDir(
        path.join(modules(), 'karpenter'),
        { baseDir: root },
      );
      expect(
        findings.filter(f => f.severity === 'error').map(formatFinding),
      ).toEqual([
        "infra/terraform/modules/karpenter/helm.tf:35: error: var.cluster_endpont: Reference to undeclared variable 'cluster_endpont'; did you mean 'cluster_endpoint'?; declare it in variables.tf",
      ]);
    });
  });
});

describe('isPinnedConstraint', () => {
  it.each([
    ['~> 6.15', true],
    ['>= 6.15, < 7.0', true],
    ['1.2.3', true],
    ['= 1.2.3', true],
    ['>= 6.15', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (constraint, pinned) => {
    expect(isPinnedConstraint(constraint)).toBe(pinned);
  });
});
