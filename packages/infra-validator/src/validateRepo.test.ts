import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { TEAMS, validateRepo } from './validateRepo';
import { copyInfra, edit, removeDir, REPO_ROOT } from './testUtils';
import { formatFinding } from './types';

describe('validateRepo', () => {
  it('finds no errors in the real infra tree', async () => {
    const { findings, filesChecked } = await validateRepo(REPO_ROOT);
    expect(
      findings.filter(f => f.severity === 'error').map(formatFinding),
    ).toEqual([]);
    // Every module, unit, manifest and values file was looked at
    expect(filesChecked).toBeGreaterThan(45);
  });

  it('accepts infra/ itself as the root', async () => {
    const { findings } = await validateRepo(path.join(REPO_ROOT, 'infra'));
    expect(findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  it('agrees with the ApplicationSet and the chart schema on the teams', () => {
    const appSet = parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'infra/argocd/applicationset.yaml'),
        'utf8',
      ),
    );
    const deployed = appSet.spec.generators[0].git.directories.map(
      (d: { path: string }) => d.path.match(/^infra\/apps\/([^/]+)\/\*$/)?.[1],
    );
    const schema = JSON.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'infra/helm/app/values.schema.json'),
        'utf8',
      ),
    );
    expect([...deployed].sort()).toEqual([...TEAMS].sort());
    expect([...schema.properties.team.enum].sort()).toEqual([...TEAMS].sort());
    expect(TEAMS).toContain('platform');
  });

  describe('on a broken copy', () => {
    let root: string;
    beforeEach(() => {
      root = copyInfra();
    });
    afterEach(() => removeDir(root));

    it('reports a bad architecture in a service values file with its field and line', async () => {
      edit(
        root,
        'infra/apps/direct/game-api/values.yaml',
        'architecture: multi',
        'architecture: sparc',
      );
      const { findings } = await validateRepo(root);
      expect(findings.filter(f => f.severity === 'error')).toEqual([
        {
          file: 'infra/apps/direct/game-api/values.yaml',
          line: 9,
          path: 'architecture',
          message:
            'architecture: must be one of amd64, arm64, multi (got "sparc")',
          severity: 'error',
        },
      ]);
    });

    it('reports an environment override that breaks the merged values, only in that file', async () => {
      edit(
        root,
        'infra/apps/direct/game-api/values-dev.yaml',
        'capacityType: any',
        'capacityType: cheap',
      );
      const errors = (await validateRepo(root)).findings.filter(
        f => f.severity === 'error',
      );
      expect(errors.map(formatFinding)).toEqual([
        'infra/apps/direct/game-api/values-dev.yaml:3: error: capacityType: must be one of spot, on-demand, any (got "cheap")',
      ]);
    });

    it('rejects a service in a directory that is not one of the teams', async () => {
      fs.renameSync(
        path.join(root, 'infra/apps/chains'),
        path.join(root, 'infra/apps/chain'),
      );
      const errors = (await validateRepo(root)).findings.filter(
        f => f.severity === 'error',
      );
      expect(errors.map(f => f.message)).toEqual([
        "'chain' is not a team the ApplicationSet deploys; use one of direct, mono, protocols, chains, listeners, platform",
      ]);
    });

    it('reports a YAML syntax error with its line', async () => {
      edit(
        root,
        'infra/kubernetes/network-policies/allow-dns-egress.yaml',
        '  podSelector: {}',
        '  podSelector: {',
      );
      const errors = (await validateRepo(root)).findings.filter(
        f => f.severity === 'error',
      );
      expect(errors[0]).toMatchObject({
        file: 'infra/kubernetes/network-policies/allow-dns-egress.yaml',
        line: expect.any(Number),
      });
      expect(errors[0].message).toMatch(/^YAML syntax error/);
    });
  });
});
