import path from 'node:path';
import { validateTerragrunt } from './validateTerragrunt';
import { copyInfra, edit, removeDir, REPO_ROOT } from '../testUtils';
import { formatFinding } from '../types';

describe('validateTerragrunt', () => {
  it('accepts the real dev and prod environments', async () => {
    const findings = await validateTerragrunt(
      path.join(REPO_ROOT, 'infra/terragrunt'),
      { baseDir: REPO_ROOT },
    );
    expect(findings.map(formatFinding)).toEqual([]);
  });

  describe('on a broken copy', () => {
    let root: string;
    const run = () =>
      validateTerragrunt(path.join(root, 'infra/terragrunt'), {
        baseDir: root,
      });
    beforeEach(() => {
      root = copyInfra();
    });
    afterEach(() => removeDir(root));

    it('names a typo in a shared input once, the required variable it leaves unset in each unit, and a wrong dependency output', async () => {
      edit(
        root,
        'infra/terragrunt/_envcommon/eks.hcl',
        'subnet_ids               = dependency.vpc.outputs.private_subnets',
        'subnet_idz               = dependency.vpc.outputs.private_subnetz',
      );
      expect((await run()).map(formatFinding)).toEqual([
        "infra/terragrunt/_envcommon/eks.hcl:28: error: inputs.subnet_idz: Module 'infra/terraform/modules/eks' has no variable 'subnet_idz'; did you mean 'subnet_ids'?",
        "infra/terragrunt/envs/dev/eks/terragrunt.hcl:12: error: inputs: Required variable 'subnet_ids' of module 'infra/terraform/modules/eks' is not set (infra/terraform/modules/eks/variables.tf:43); looked in the unit and root.hcl, _envcommon/eks.hcl",
        "infra/terragrunt/_envcommon/eks.hcl:28: error: dependency.vpc.outputs.private_subnetz: Dependency 'vpc' (module 'infra/terraform/modules/vpc') has no output 'private_subnetz'; did you mean 'private_subnets'?",
        "infra/terragrunt/envs/prod/eks/terragrunt.hcl:12: error: inputs: Required variable 'subnet_ids' of module 'infra/terraform/modules/eks' is not set (infra/terraform/modules/eks/variables.tf:43); looked in the unit and root.hcl, _envcommon/eks.hcl",
      ]);
    });

    it('catches a required input that the units lacked only through their shared include', async () => {
      edit(
        root,
        'infra/terragrunt/_envcommon/karpenter.hcl',
        '  manifests_dir = "${get_repo_root()}/infra/kubernetes/karpenter"\n',
        '',
      );
      expect((await run()).map(formatFinding)).toEqual(
        ['dev', 'prod'].map(
          env =>
            `infra/terragrunt/envs/${env}/karpenter/terragrunt.hcl:1: error: inputs: Required variable 'manifests_dir' of module 'infra/terraform/modules/karpenter' is not set (infra/terraform/modules/karpenter/variables.tf:112); looked in the unit and root.hcl, _envcommon/karpenter.hcl`,
        ),
      );
    });

    it('accepts an input set by the unit instead of the include', async () => {
      edit(
        root,
        'infra/terragrunt/_envcommon/vpc.hcl',
        '  azs          = local.env.azs\n',
        '',
      );
      edit(
        root,
        'infra/terragrunt/envs/dev/vpc/terragrunt.hcl',
        'inputs = {',
        'inputs = {\n  azs = ["eu-central-1a", "eu-central-1b"]',
      );
      expect((await run()).map(f => f.message)).toEqual([
        "Required variable 'azs' of module 'infra/terraform/modules/vpc' is not set (infra/terraform/modules/vpc/variables.tf:38); looked in the unit and root.hcl, _envcommon/vpc.hcl",
      ]);
    });

    it('warns when a list input set in the shared include is set again by the unit, which a deep merge concatenates', async () => {
      edit(
        root,
        'infra/terragrunt/envs/dev/vpc/terragrunt.hcl',
        'inputs = {',
        'inputs = {\n  azs = ["eu-central-1a", "eu-central-1b"]',
      );
      expect((await run()).map(formatFinding)).toEqual([
        `infra/terragrunt/envs/dev/vpc/terragrunt.hcl:13: warning: inputs.azs: List 'azs' is also set in 'infra/terragrunt/_envcommon/vpc.hcl', included with merge_strategy = "deep": Terragrunt concatenates the two lists; set it in one file only`,
      ]);
    });

    it('names an included file that does not exist', async () => {
      edit(
        root,
        'infra/terragrunt/envs/prod/hetzner-nodes/terragrunt.hcl',
        '_envcommon/hetzner-nodes.hcl',
        '_envcommon/hetzner-node.hcl',
      );
      expect((await run()).map(formatFinding)).toEqual([
        "infra/terragrunt/envs/prod/hetzner-nodes/terragrunt.hcl:6: error: include.envcommon.path: Included file 'infra/terragrunt/_envcommon/hetzner-node.hcl' does not exist",
        'infra/terragrunt/envs/prod/hetzner-nodes/terragrunt.hcl: error: Unit has no terraform { source = ... }, neither in its file nor in an included one',
      ]);
    });

    it('reports a mock output the dependency does not have and a dependency path that is not a unit', async () => {
      edit(
        root,
        'infra/terragrunt/_envcommon/karpenter.hcl',
        'cluster_endpoint                   = "https',
        'cluster_url                        = "https',
      );
      edit(
        root,
        'infra/terragrunt/_envcommon/apps.hcl',
        '/../karpenter"]',
        '/../karpenterr"]',
      );
      expect((await run()).map(f => f.message).sort()).toEqual([
        "'infra/terragrunt/envs/dev/karpenterr' is not a Terragrunt unit",
        "'infra/terragrunt/envs/prod/karpenterr' is not a Terragrunt unit",
        "Mock output 'cluster_url' is not an output of 'infra/terraform/modules/eks'; did you mean 'cluster_arn'?",
      ]);
    });

    it('reports a module source that does not exist', async () => {
      edit(
        root,
        'infra/terragrunt/_envcommon/vpc.hcl',
        'modules/vpc"',
        'modules/vpcc"',
      );
      expect((await run()).map(formatFinding)).toEqual([
        "infra/terragrunt/_envcommon/vpc.hcl:13: error: terraform.source: Terraform source resolves to 'infra/terraform/modules/vpcc', which does not exist",
      ]);
    });

    it('checks the chain nodes file against the module variable and its validations', async () => {
      edit(
        root,
        'infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml',
        '  chain: polygon\n',
        '  chain: solana\n  colour: red\n',
      );
      expect((await run()).map(formatFinding)).toEqual([
        "infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml:21: error: polygon-1.chain: 'solana' is not allowed; use one of ethereum, polygon, casino-chain",
        "infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml:22: error: polygon-1.colour: Unknown field 'colour'; allowed: chain, client, client_version, server_type, location, image, volume_size, private_ip",
      ]);
    });

    it('reports an HCL syntax error in a unit with its line', async () => {
      edit(
        root,
        'infra/terragrunt/envs/dev/karpenter/terragrunt.hcl',
        'merge_strategy = "deep"',
        'merge_strategy = "deep"}}',
      );
      const findings = await run();
      expect(findings[0]).toMatchObject({
        file: 'infra/terragrunt/envs/dev/karpenter/terragrunt.hcl',
        severity: 'error',
      });
      expect(findings[0].line).toBeGreaterThan(5);
      expect(findings[0].message).toMatch(/^HCL syntax error/);
    });

    it('refuses unquoted YAML 1.1 booleans in the chain nodes file, which yamldecode reads as true/false', async () => {
      edit(
        root,
        'infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml',
        'polygon-1:\n',
        'on:\n  chain: polygon\n  client: bor\n  client_version: "2.5.3"\n  server_type: ccx43\n  location: hel1\n  volume_size: 4000\n"off":\n  chain: polygon\n  client: no\n  client_version: "2.5.3"\n  server_type: ccx43\n  location: hel1\n  volume_size: 4000\npolygon-1:\n',
      );
      const findings = (await run()).map(formatFinding);
      expect(findings).toContain(
        `infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml:20: error: Unquoted key 'on' is a boolean to Terraform's yamldecode (YAML 1.1); quote it: '"on"'`,
      );
      expect(findings).toContain(
        `infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml:29: error: Unquoted value 'no' is a boolean to Terraform's yamldecode (YAML 1.1); quote it: '"no"'`,
      );
      // the quoted key "off" is a string in both YAML versions
      expect(findings.filter(f => f.includes("'off'"))).toEqual([]);
    });
  });
});
