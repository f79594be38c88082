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

    it('names a typo in a unit input, the required variable it leaves unset, and a wrong dependency output', async () => {
      edit(
        root,
        'infra/terragrunt/envs/dev/eks/terragrunt.hcl',
        'subnet_ids               = dependency.vpc.outputs.private_subnets',
        'subnet_idz               = dependency.vpc.outputs.private_subnetz',
      );
      expect((await run()).map(formatFinding)).toEqual([
        "infra/terragrunt/envs/dev/eks/terragrunt.hcl:25: error: inputs.subnet_idz: Module 'infra/terraform/modules/eks' has no variable 'subnet_idz'; did you mean 'subnet_ids'?",
        "infra/terragrunt/envs/dev/eks/terragrunt.hcl:21: error: inputs: Required variable 'subnet_ids' of module 'infra/terraform/modules/eks' is not set (infra/terraform/modules/eks/variables.tf:43)",
        "infra/terragrunt/envs/dev/eks/terragrunt.hcl:25: error: dependency.vpc.outputs.private_subnetz: Dependency 'vpc' (module 'infra/terraform/modules/vpc') has no output 'private_subnetz'; did you mean 'private_subnets'?",
      ]);
    });

    it('reports a mock output the dependency does not have and a dependency path that is not a unit', async () => {
      edit(
        root,
        'infra/terragrunt/envs/prod/karpenter/terragrunt.hcl',
        'cluster_endpoint                   = "https',
        'cluster_url                        = "https',
      );
      edit(
        root,
        'infra/terragrunt/envs/prod/apps/terragrunt.hcl',
        'paths = ["../karpenter"]',
        'paths = ["../karpenterr"]',
      );
      expect((await run()).map(f => f.message).sort()).toEqual([
        "'../karpenterr' is not a Terragrunt unit",
        "Mock output 'cluster_url' is not an output of 'infra/terraform/modules/eks'; did you mean 'cluster_arn'?",
      ]);
    });

    it('reports a module source that does not exist', async () => {
      edit(
        root,
        'infra/terragrunt/envs/dev/vpc/terragrunt.hcl',
        'modules_dir}/vpc"',
        'modules_dir}/vpcc"',
      );
      expect((await run()).map(formatFinding)).toEqual([
        "infra/terragrunt/envs/dev/vpc/terragrunt.hcl:7: error: terraform.source: Terraform source resolves to 'infra/terraform/modules/vpcc', which does not exist",
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
        'inputs = {',
        'inputs = {{',
      );
      const findings = await run();
      expect(findings[0]).toMatchObject({
        file: 'infra/terragrunt/envs/dev/karpenter/terragrunt.hcl',
        severity: 'error',
      });
      expect(findings[0].line).toBeGreaterThan(40);
      expect(findings[0].message).toMatch(/^HCL syntax error/);
    });
  });
});
