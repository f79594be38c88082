import fs from 'node:fs';
import path from 'node:path';
import { validateTerraformDir } from './terraform/validateTerraformDir';
import { validateTerragrunt } from './terraform/validateTerragrunt';
import { clearModuleCache } from './terraform/loadModule';
import { validateManifests } from './kubernetes/validateManifests';
import { mergeValues, validateChartValues } from './helm/validateChartValues';
import { Finding, ValidationResult } from './types';
import { displayPath, listFiles } from './util/files';
import { parseYamlFile } from './util/yamlDocs';

/**
 * Teams the ApplicationSet deploys services for (infra/apps/<team>/<service>):
 * the five delivery teams, and platform for the platform's own services such
 * as the developer portal. @public
 */
export const TEAMS = [
  'direct',
  'mono',
  'protocols',
  'chains',
  'listeners',
  'platform',
] as const;

const YAML = /\.ya?ml$/;

/**
 * Validates a whole infra tree: Terraform modules, Terragrunt environments,
 * Kubernetes/Karpenter/Argo CD manifests, chart values and the teams' service
 * values. `rootDir` is the repository root (containing `infra/`) or `infra/`.
 *
 * @public
 */
export async function validateRepo(rootDir: string): Promise<ValidationResult> {
  clearModuleCache();
  const infra = fs.existsSync(path.join(rootDir, 'infra'))
    ? path.join(rootDir, 'infra')
    : rootDir;
  const base = path.dirname(infra);
  const findings: Finding[] = [];
  let filesChecked = 0;

  // Terraform: every directory holding .tf files
  const tfFiles = listFiles(infra, f => f.endsWith('.tf'));
  filesChecked += tfFiles.length;
  const tfDirs = [...new Set(tfFiles.map(f => path.dirname(f)))];
  for (const dir of tfDirs) {
    const isModule = path.basename(path.dirname(dir)) === 'modules';
    findings.push(
      ...(await validateTerraformDir(dir, {
        baseDir: base,
        requireModuleLayout: isModule,
        reuseParsedModules: true,
      })),
    );
  }

  // Terragrunt
  const terragrunt = path.join(infra, 'terragrunt');
  if (fs.existsSync(terragrunt)) {
    filesChecked += listFiles(terragrunt, f => f.endsWith('.hcl')).length;
    findings.push(
      ...(await validateTerragrunt(terragrunt, {
        repoRoot: base,
        baseDir: base,
        reuseParsedModules: true,
      })),
    );
  }

  // Manifests
  const manifests = ['kubernetes', 'argocd'].flatMap(d =>
    listFiles(path.join(infra, d), f => YAML.test(f)),
  );
  filesChecked += manifests.length;
  findings.push(...validateManifests(manifests, { baseDir: base }));

  // Charts and the values files of the services deployed with them
  const helmDir = path.join(infra, 'helm');
  const charts = fs.existsSync(helmDir)
    ? fs
        .readdirSync(helmDir)
        .filter(c => fs.existsSync(path.join(helmDir, c, 'values.schema.json')))
    : [];
  for (const chart of charts) {
    const chartDir = path.join(helmDir, chart);
    const schemaPath = path.join(chartDir, 'values.schema.json');
    const defaults = readValues(
      path.join(chartDir, 'values.yaml'),
      base,
      findings,
    );
    filesChecked += 2;
    if (defaults)
      findings.push(
        ...validateChartValues(defaults.value, schemaPath, defaults),
      );
  }

  const appsDir = path.join(infra, 'apps');
  const appChart = path.join(helmDir, 'app');
  if (
    fs.existsSync(appsDir) &&
    fs.existsSync(path.join(appChart, 'values.schema.json'))
  ) {
    const schemaPath = path.join(appChart, 'values.schema.json');
    const chartDefaults =
      readValues(path.join(appChart, 'values.yaml'), base, [])?.value ?? {};
    for (const team of fs
      .readdirSync(appsDir, { withFileTypes: true })
      .filter(d => d.isDirectory())) {
      if (!(TEAMS as readonly string[]).includes(team.name)) {
        findings.push({
          file: displayPath(path.join(appsDir, team.name), base),
          message: `'${
            team.name
          }' is not a team the ApplicationSet deploys; use one of ${TEAMS.join(
            ', ',
          )}`,
          severity: 'error',
        });
        continue;
      }
      for (const service of fs.readdirSync(path.join(appsDir, team.name), {
        withFileTypes: true,
      })) {
        if (!service.isDirectory()) continue;
        const dir = path.join(appsDir, team.name, service.name);
        const main = readValues(path.join(dir, 'values.yaml'), base, findings);
        if (!main) {
          findings.push({
            file: displayPath(dir, base),
            message: 'Service directory has no values.yaml',
            severity: 'error',
          });
          continue;
        }
        filesChecked += 1;
        const merged = mergeValues(chartDefaults, main.value);
        const mainFindings = validateChartValues(merged, schemaPath, main);
        findings.push(...mainFindings);
        const alreadyReported = new Set(mainFindings.map(f => f.message));
        if ((main.value as any)?.team !== team.name) {
          findings.push({
            file: main.file,
            line: main.lineOf(['team']),
            path: 'team',
            message: `team: must be '${
              team.name
            }', the team directory the service is in (got ${JSON.stringify(
              (main.value as any)?.team,
            )})`,
            severity: 'error',
          });
        }
        for (const envFile of fs
          .readdirSync(dir)
          .filter(f => /^values-[a-z0-9-]+\.ya?ml$/.test(f))) {
          const env = readValues(path.join(dir, envFile), base, findings);
          filesChecked += 1;
          // Report what the override breaks, not again what values.yaml breaks
          if (env) {
            findings.push(
              ...validateChartValues(
                mergeValues(merged, env.value),
                schemaPath,
                env,
              ).filter(f => !alreadyReported.has(f.message)),
            );
          }
        }
      }
    }
  }
  return { findings, filesChecked };
}

function readValues(file: string, base: string, findings: Finding[]) {
  if (!fs.existsSync(file)) return undefined;
  const shown = displayPath(file, base);
  const { docs, findings: syntax } = parseYamlFile(file, shown);
  findings.push(...syntax);
  if (syntax.length) return undefined;
  const doc = docs[0];
  return {
    file: shown,
    value: doc?.value ?? {},
    lineOf: doc ? doc.lineOf : () => undefined,
  };
}
