import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const GO_SOURCE_DIR = resolvePackagePath('@internal/chart-render', 'go');
// Git-ignored (.cache/); one binary per source and Go version
const CACHE_DIR = resolvePackagePath('@internal/chart-render', '.cache');
// Debian's Go libraries (golang-github-masterminds-sprig-dev,
// golang-k8s-sigs-yaml-dev), built in GOPATH mode: no module proxy needed.
const DEBIAN_GOPATH = '/usr/share/gocode';

/** @public */
export interface RenderChartOptions {
  /** Directory holding Chart.yaml, values.yaml and templates/ */
  chartDir: string;
  releaseName: string;
  namespace?: string;
  /** Values files merged over the chart's values.yaml, in order (helm -f) */
  valueFiles?: string[];
  /** Values merged last, like `helm template --set-json` */
  values?: Record<string, unknown>;
  kubeVersion?: string;
}

/** One rendered object and the template it came from. @public */
export interface RenderedObject {
  /** e.g. `app/templates/deployment.yaml` */
  source: string;
  object: any;
}

/** @public */
export interface RenderedChart {
  manifest: string;
  objects: RenderedObject[];
}

let binary: string | undefined;

function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOPATH: DEBIAN_GOPATH,
    GO111MODULE: 'off',
    GOFLAGS: '',
    CGO_ENABLED: '0',
    GOCACHE: path.join(CACHE_DIR, 'go-build'),
  };
}

/**
 * Builds the renderer once per source version into the package's git-ignored
 * cache and returns its path. Needs `go` and Debian's sprig and
 * sigs.k8s.io/yaml (`scripts/system-deps.sh test` installs them).
 *
 * @public
 */
export function chartRendererBinary(): string {
  if (binary && fs.existsSync(binary)) return binary;
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(GO_SOURCE_DIR).sort()) {
    if (file.endsWith('.go'))
      hash.update(file).update(fs.readFileSync(path.join(GO_SOURCE_DIR, file)));
  }
  let goVersion: string;
  try {
    goVersion = execFileSync('go', ['version'], { encoding: 'utf8' });
  } catch {
    throw new Error(
      'chart-render needs Go: run scripts/system-deps.sh test (installs golang-go and the sprig/yaml Go libraries)',
    );
  }
  hash.update(goVersion);
  const target = path.join(
    CACHE_DIR,
    `chart-render-${hash.digest('hex').slice(0, 16)}`,
  );
  if (!fs.existsSync(target)) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Built aside and renamed: parallel test workers never run half a binary
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      execFileSync('go', ['build', '-o', tmp, '.'], {
        cwd: GO_SOURCE_DIR,
        env: goEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e: any) {
      throw new Error(
        `Building chart-render failed (are golang-github-masterminds-sprig-dev and golang-k8s-sigs-yaml-dev installed? scripts/system-deps.sh test): ${
          e.stderr?.toString() ?? e
        }`,
      );
    }
    fs.renameSync(tmp, target);
  }
  binary = target;
  return target;
}

/**
 * Renders a chart like `helm template`, returning the manifest text and its
 * objects. Errors from templates (`required`, `fail`, parse errors) throw.
 *
 * @public
 */
export function renderChart(options: RenderChartOptions): RenderedChart {
  const args = ['-name', options.releaseName];
  if (options.namespace) args.push('-namespace', options.namespace);
  if (options.kubeVersion) args.push('-kube-version', options.kubeVersion);
  for (const f of options.valueFiles ?? []) args.push('-f', f);
  if (options.values) args.push('-set-json', JSON.stringify(options.values));
  args.push(options.chartDir);
  let manifest: string;
  try {
    manifest = execFileSync(chartRendererBinary(), args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e: any) {
    throw new Error(
      `Rendering ${options.chartDir} as '${options.releaseName}' failed: ${
        e.stderr?.toString().trim() || e
      }`,
    );
  }
  const objects: RenderedObject[] = [];
  for (const doc of parseAllDocuments(manifest)) {
    if (doc.errors.length)
      throw new Error(`Rendered YAML does not parse: ${doc.errors[0].message}`);
    const source = /# Source: (\S+)/.exec(doc.commentBefore ?? '')?.[1] ?? '';
    const object = doc.toJS();
    if (object !== null && object !== undefined)
      objects.push({ source, object });
  }
  return { manifest, objects };
}
