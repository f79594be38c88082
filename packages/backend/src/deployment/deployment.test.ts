/*
 * The portal's production packaging, checked without Docker or a cluster:
 * packages/backend/Dockerfile (how it lays out and starts the backend)
 * and the portal's Helm values for the platform's generic chart
 * (infra/apps/platform/developer-portal), against the production config
 * they are meant to run.
 */
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { startTestBackend } from '@backstage/backend-test-utils';
import { mergeValues, validateChartValues } from '@internal/infra-validator';

const repoRoot = path.resolve(__dirname, '../../../..');
const backendDir = path.join(repoRoot, 'packages/backend');
const chartDir = path.join(repoRoot, 'infra/helm/app');
const portalDir = path.join(repoRoot, 'infra/apps/platform/developer-portal');

const readYaml = (file: string) =>
  parse(fs.readFileSync(path.join(repoRoot, file), 'utf8'));

type Instruction = { op: string; args: string };

/** Dockerfile instructions, with comments dropped and continuations joined. */
function readDockerfile(file: string): Instruction[] {
  const logical = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(l => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
    .map(l => {
      const [, op, args] = l.match(/^(\S+)\s+(.*)$/)!;
      return { op: op.toUpperCase(), args };
    });
}

function globToRegExp(glob: string): RegExp {
  const re = glob
    .split('**')
    .map(part =>
      part
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]'),
    )
    .join('.*');
  return new RegExp(`^${re}$`);
}

/** Whether .dockerignore keeps a path out of the build context (a pattern also covers everything below a match). */
function dockerIgnored(file: string, patterns: string[]): boolean {
  let ignored = false;
  const parts = file.split('/');
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = globToRegExp(
      (negate ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, ''),
    );
    for (let n = 1; n <= parts.length; n++) {
      if (pattern.test(parts.slice(0, n).join('/'))) {
        ignored = !negate;
        break;
      }
    }
  }
  return ignored;
}

/** Every `${VAR}` without a `:-default` in the string values of a config document. */
function requiredEnv(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
      found.add(m[1]);
    }
  } else if (Array.isArray(value)) {
    value.forEach(v => requiredEnv(v, found));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach(v => requiredEnv(v, found));
  }
  return found;
}

/** The port of backend.listen (`':7007'`, `'0.0.0.0:7007'` or `{ port }`). */
function listenPort(listen: unknown): number | undefined {
  if (typeof listen === 'string') return Number(listen.split(':').pop());
  if (listen && typeof listen === 'object' && 'port' in listen) {
    return Number((listen as { port: unknown }).port);
  }
  return undefined;
}

type Values = {
  containerPort: number;
  probes: { liveness: { path: string }; readiness: { path: string } };
  env?: Array<{ name: string; value?: string }>;
  externalSecret?: { enabled?: boolean; data?: Array<{ secretKey: string }> };
  ingress?: { enabled?: boolean; host?: string };
  extraVolumeMounts?: Array<{ name: string; mountPath: string }>;
  extraVolumes?: Array<{ name: string }>;
};

const chartDefaults = readYaml('infra/helm/app/values.yaml');
const baseValues = mergeValues(
  chartDefaults,
  readYaml('infra/apps/platform/developer-portal/values.yaml'),
) as Values;

/** The values Argo CD renders in each environment: values.yaml, then values-<env>.yaml if present. */
const environments: Array<[string, Values]> = [
  ['prod', baseValues],
  ...fs
    .readdirSync(portalDir)
    .flatMap(f => {
      const m = f.match(/^values-([a-z0-9-]+)\.ya?ml$/);
      return m && m[1] !== 'prod' ? [m[1]] : [];
    })
    .map((env): [string, Values] => [
      env,
      mergeValues(
        baseValues,
        readYaml(`infra/apps/platform/developer-portal/values-${env}.yaml`),
      ) as Values,
    ]),
];

const productionConfig = readYaml('app-config.production.yaml');
const defaultConfig = readYaml('app-config.yaml');

describe('backend image (packages/backend/Dockerfile)', () => {
  const instructions = readDockerfile(path.join(backendDir, 'Dockerfile'));
  const dockerignore = fs
    .readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
  // What scripts/production-layout.sh reads from the build context; the
  // production test (src/production) checks what it lays out by booting it.
  const layoutReads = [
    'scripts/production-layout.sh',
    '.yarn/releases',
    '.yarnrc.yml',
    'backstage.json',
    'yarn.lock',
    'package.json',
    'packages/backend/dist/skeleton.tar.gz',
    'packages/backend/dist/bundle.tar.gz',
    'catalog',
    'catalog-info.yaml',
    'infra/catalog-info.yaml',
    'templates',
    'mkdocs.yml',
    'docs',
    'app-config.yaml',
    'app-config.production.yaml',
  ];

  it('lays out /app with scripts/production-layout.sh over the mounted build context', () => {
    const workdir = instructions.filter(i => i.op === 'WORKDIR').pop();
    expect(workdir?.args).toBe('/app');
    const layout = instructions.filter(
      i => i.op === 'RUN' && /production-layout\.sh/.test(i.args),
    );
    expect(layout).toHaveLength(1);
    expect(layout[0].args).toMatch(/--mount=type=bind,target=\/src\b/);
    expect(layout[0].args).toMatch(
      /\/src\/scripts\/production-layout\.sh \/app$/,
    );
    // Nothing else enters the image from the context, so nothing can drift.
    expect(instructions.filter(i => i.op === 'COPY' || i.op === 'ADD')).toEqual(
      [],
    );
    const pkg = JSON.parse(
      fs.readFileSync(path.join(backendDir, 'package.json'), 'utf8'),
    );
    expect(pkg.backstage.role).toBe('backend');
    expect(pkg.scripts.build).toBe('backstage-cli package build');
  });

  it('keeps what the layout reads in the build context (.dockerignore)', () => {
    const excluded = layoutReads.filter(s => dockerIgnored(s, dockerignore));
    expect(excluded).toEqual([]);
    // The production config reads the catalog from the working directory
    const catalogTargets = productionConfig.catalog.locations.map(
      (l: { target: string }) => path.posix.normalize(l.target),
    );
    for (const target of catalogTargets) {
      expect(fs.existsSync(path.join(repoRoot, target))).toBe(true);
      expect(layoutReads.some(c => target.startsWith(`${c}/`))).toBe(true);
    }
  });

  it('starts the backend with the production config layered over app-config.yaml', () => {
    const cmd = instructions.filter(i => i.op === 'CMD').pop();
    const argv = JSON.parse(cmd!.args) as string[];
    expect(argv.slice(0, 2)).toEqual(['node', 'packages/backend']);
    const configs = argv.flatMap((a, i) =>
      argv[i - 1] === '--config' ? [a] : [],
    );
    expect(configs).toEqual(['app-config.yaml', 'app-config.production.yaml']);
    expect(layoutReads).toEqual(expect.arrayContaining(configs));
  });
});

describe('Helm values (infra/apps/platform/developer-portal)', () => {
  it.each(environments)('pass the chart schema in %s', (_env, values) => {
    expect(
      validateChartValues(values, path.join(chartDir, 'values.schema.json')),
    ).toEqual([]);
  });

  it('expose the port the backend listens on', () => {
    const port = listenPort(
      productionConfig.backend?.listen ?? defaultConfig.backend?.listen,
    );
    expect(port).toBe(7007);
    for (const [, values] of environments) {
      expect(values.containerPort).toBe(port);
    }
  });

  it.each(environments)(
    'provide every environment variable the production config needs in %s',
    (_env, values) => {
      const provided = new Set([
        ...(values.env ?? []).map(e => e.name),
        ...(values.externalSecret?.enabled
          ? values.externalSecret.data ?? []
          : []
        ).map(d => d.secretKey),
      ]);
      const needed = new Set([
        ...requiredEnv(defaultConfig),
        ...requiredEnv(productionConfig),
      ]);
      expect([...needed].filter(v => !provided.has(v))).toEqual([]);
      // And the secrets the backend plugins read
      for (const secret of [
        'POSTGRES_PASSWORD',
        'BACKEND_SECRET',
        'AUTH_GITHUB_CLIENT_SECRET',
        'GITHUB_TOKEN',
        'HCLOUD_TOKEN',
        'FAIRNESS_SIGNING_KEY',
      ]) {
        expect(values.externalSecret?.data?.map(d => d.secretKey)).toContain(
          secret,
        );
        // Never as plain text in the values
        expect(values.env?.map(e => e.name)).not.toContain(secret);
      }
    },
  );

  it.each(environments)(
    'serve the portal on the host of its base URL in %s',
    (_env, values) => {
      const baseUrl = values.env?.find(
        e => e.name === 'PORTAL_BASE_URL',
      )?.value;
      expect(values.ingress?.enabled).toBe(true);
      expect(new URL(baseUrl!).host).toBe(values.ingress?.host);
      expect(new URL(baseUrl!).protocol).toBe('https:');
    },
  );

  it('mount a writable volume where TechDocs publishes (the root filesystem is read-only)', () => {
    const publishDir: string =
      productionConfig.techdocs.publisher.local.publishDirectory;
    expect(chartDefaults.securityContext.readOnlyRootFilesystem).toBe(true);
    for (const [, values] of environments) {
      const mount = (values.extraVolumeMounts ?? []).find(
        m =>
          publishDir === m.mountPath ||
          publishDir.startsWith(`${m.mountPath}/`),
      );
      expect(mount).toBeDefined();
      expect(values.extraVolumes?.map(v => v.name)).toContain(mount!.name);
    }
  });

  it('probe the health endpoints the Backstage backend serves', async () => {
    const backend = await startTestBackend({ features: [] });
    try {
      const { port } = backend.server.address() as AddressInfo;
      for (const [, values] of environments) {
        for (const probe of [values.probes.liveness, values.probes.readiness]) {
          const res = await fetch(`http://127.0.0.1:${port}${probe.path}`);
          expect({ path: probe.path, status: res.status }).toEqual({
            path: probe.path,
            status: 200,
          });
        }
      }
      // The chart's default probe paths are not served by Backstage
      const res = await fetch(
        `http://127.0.0.1:${port}${chartDefaults.probes.liveness.path}`,
      );
      expect(res.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });
});
