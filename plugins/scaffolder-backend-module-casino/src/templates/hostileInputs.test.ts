/*
 * Issue 13's hostile-input suite: every free-text parameter of every
 * template, with every payload of HOSTILE_PAYLOADS, through the real
 * scaffolder and catalog on the local default. Each task must be refused
 * before anything is written, or produce exactly the promised entities and
 * documents. The cases come from the template files, so a new parameter is
 * covered (and must hold) without editing this file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { JsonObject } from '@backstage/types';
import { createGitFixture, hasGo, runGit } from '../__testUtils__/fixtures';
import {
  CLUSTER_ADMIN_DESCRIPTION,
  HOSTILE_PAYLOADS,
  USER_INJECTION_SYSTEM,
} from '../__testUtils__/hostileInputs';
import {
  repoRoot,
  startScaffolderTestBackend,
  TaskResult,
} from '../__testUtils__/scaffolderTestBackend';

jest.setTimeout(600_000);

type Schema = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
};

/** A free-text parameter: a string without enum, possibly inside array items. */
type FreeText = { path: string[]; schema: Schema };

function freeTextParameters(template: string): FreeText[] {
  const doc = parse(
    fs.readFileSync(
      path.join(repoRoot, 'templates', template, 'template.yaml'),
      'utf8',
    ),
  );
  const out: FreeText[] = [];
  const walk = (schema: Schema, at: string[]) => {
    if (schema.type === 'string' && !schema.enum)
      out.push({ path: at, schema });
    for (const [k, s] of Object.entries(schema.properties ?? {}))
      walk(s, [...at, k]);
    if (schema.items) walk(schema.items, [...at, '[]']);
  };
  for (const step of doc.spec.parameters as Schema[]) walk(step, []);
  return out;
}

/** Sets a value at a path from freeTextParameters ('[]' = the first item). */
function withValue(base: JsonObject, at: string[], value: string): JsonObject {
  const copy = JSON.parse(JSON.stringify(base));
  let node: any = copy;
  for (const [i, key] of at.entries()) {
    const k = key === '[]' ? 0 : key;
    if (i === at.length - 1) node[k] = value;
    else node = node[k];
  }
  return copy;
}

const TEMPLATES = [
  'go-service',
  'deploy-with-platform-chart',
  'karpenter-nodepool',
  'hetzner-chain-node',
];

/** Valid values per template; `name` is made unique per case. */
const BASE: Record<string, (name: string) => JsonObject> = {
  'go-service': name => ({
    name,
    description: 'Computes bonus offers for players',
    owner: 'group:default/direct',
    system: 'system:default/casino-gaming',
    architectures: ['amd64'],
  }),
  'deploy-with-platform-chart': name => ({
    name,
    owner: 'group:default/mono',
    imageRepository:
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mono/bonus-engine',
    imageTag: '1.0.0',
    replicas: 2,
    architecture: 'multi',
    capacityType: 'spot',
    containerPort: 8080,
    cpuRequest: '250m',
    memoryRequest: '256Mi',
    ingressHost: 'bonus.casino.example.com',
    secrets: [
      {
        envVar: 'DATABASE_URL',
        vaultPath: 'casino/mono/bonus-engine',
        property: 'database_url',
      },
    ],
  }),
  'karpenter-nodepool': name => ({
    name,
    environment: 'dev',
    description: 'Batch jobs of the data team',
    architecture: 'arm64',
    families: ['m7g', 'c7g'],
    sizes: ['xlarge'],
    capacityTypes: ['spot'],
    cpuLimit: 100,
    memoryLimitGi: 400,
    consolidationPolicy: 'WhenEmptyOrUnderutilized',
    consolidateAfter: '5m',
    weight: 20,
    taints: [{ key: 'casino.io/dedicated', value: 'batch', effect: 'NoSchedule' }],
  }),
  'hetzner-chain-node': name => ({
    name,
    environment: 'dev',
    chain: 'ethereum',
    serverType: 'ccx33',
    location: 'nbg1',
    volumeSizeGb: 2000,
  }),
};

describe('hostile template input, local default', () => {
  const fixture = createGitFixture();
  const clone = path.join(fixture.gitDir, 'casino-platform.git');
  let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;
  const tally: Record<string, { tried: number; held: number }> = {};
  let counter = 0;

  beforeAll(async () => {
    backend = await startScaffolderTestBackend(fixture.localConfig);
  });
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(
      `hostile-input cases (tried/held):\n${Object.entries(tally)
        .map(([k, v]) => `  ${k}: ${v.tried}/${v.held}`)
        .join('\n')}`,
    );
    await backend?.backend.stop();
    fixture.cleanup();
  });

  const branches = () =>
    runGit(['--git-dir', clone, 'branch', '--format=%(refname:short)'])
      .split('\n')
      .filter(Boolean);
  const show = (ref: string, file: string) =>
    runGit(['--git-dir', clone, 'show', `${ref}:${file}`]);

  /** Parses every YAML document of a file, failing on syntax errors. */
  function documents(text: string) {
    return parseAllDocuments(text)
      .filter(d => d.contents !== null)
      .map(d => {
        expect(d.errors).toEqual([]);
        return d.toJS();
      });
  }

  /** What each template promises to write, checked after a completed task. */
  function expectPromised(template: string, v: JsonObject) {
    if (template === 'go-service') {
      const dir = path.join(fixture.root, `check-${v.name}`);
      runGit([
        'clone',
        '--quiet',
        `file://${path.join(fixture.gitDir, `${v.name}.git`)}`,
        dir,
      ]);
      const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
      const entities = documents(read('catalog-info.yaml'));
      expect(entities.map(e => `${e.kind}:${e.metadata.name}`)).toEqual([
        `Component:${v.name}`,
      ]);
      expect(entities[0].metadata.description).toBe(v.description);
      expect(entities[0].spec).toMatchObject({
        owner: v.owner,
        system: v.system,
      });
      expect(documents(read('mkdocs.yml'))).toHaveLength(1);
      expect(read('main.go').split('\n')[0]).toBe(
        `// Command ${v.name}: ${v.description}`,
      );
      if (hasGo()) execFileSync('gofmt', ['-e', '-l', dir]);
    } else if (template === 'karpenter-nodepool') {
      const text = show(
        `nodepool-${v.name}`,
        `infra/kubernetes/karpenter/nodepool-${v.name}.yaml`,
      );
      expect(documents(text).map(d => `${d.kind}:${d.metadata.name}`)).toEqual([
        `NodePool:${v.name}`,
      ]);
      // Terraform renders the file with templatefile()
      expect(text).not.toMatch(/[$%]\{/);
    } else if (template === 'deploy-with-platform-chart') {
      const team = String(v.owner).split('/').pop();
      const text = show(
        `deploy-${team}-${v.name}`,
        `infra/apps/${team}/${v.name}/values.yaml`,
      );
      expect(documents(text)).toHaveLength(1);
    } else {
      expect(template).toBe('hetzner-chain-node');
      const nodes = documents(
        show(
          `chain-node-${v.environment}-${v.name}`,
          `infra/terragrunt/envs/${v.environment}/hetzner-nodes/nodes.yaml`,
        ),
      );
      expect(nodes).toHaveLength(1);
      expect(nodes[0][String(v.name)]).toBeDefined();
    }
  }

  /** Refused before anything was written, or exactly the promised output. */
  function expectHeld(template: string, values: JsonObject, r: TaskResult) {
    if (r.status === 'rejected 400') return;
    // Task logs and errors name no server folder
    expect(r.log.join('\n')).not.toContain(fixture.root);
    if (r.status === 'completed') {
      expectPromised(template, values);
      return;
    }
    expect(r.status).toBe('failed');
    const published = Object.entries(r.steps).filter(
      ([step, status]) =>
        /^(publish|register)-/.test(step) && status !== 'skipped',
    );
    expect(published).toEqual([]);
  }

  describe.each(TEMPLATES)('%s', template => {
    const params = freeTextParameters(template);

    it('has a length limit and a pattern on every free-text parameter', () => {
      expect(params.length).toBeGreaterThan(0);
      for (const p of params) {
        expect({ [p.path.join('.')]: p.schema.maxLength }).toEqual({
          [p.path.join('.')]: expect.any(Number),
        });
        expect(p.schema.maxLength).toBeLessThanOrEqual(255);
        expect({ [p.path.join('.')]: p.schema.pattern }).toEqual({
          [p.path.join('.')]: expect.any(String),
        });
      }
    });

    it.each(
      params.flatMap(p =>
        Object.entries(HOSTILE_PAYLOADS).map(
          ([family, payload]) =>
            [p.path.join('.'), family, p, payload] as const,
        ),
      ),
    )('%s with %s', async (_param, family, p, payload) => {
      const name = `h-${++counter}`;
      const values = withValue(BASE[template](name), p.path, payload);
      const result = await backend.runTemplate(template, values);
      const t = (tally[family] ??= { tried: 0, held: 0 });
      t.tried++;
      expect(result.status).toMatch(/^(rejected 400|completed|failed)$/);
      expectHeld(template, values, result);
      t.held++;
    });
  });

  it("issue 13: go-service's system cannot register a User", async () => {
    const result = await backend.runTemplate('go-service', {
      ...BASE['go-service']('h-user'),
      system: USER_INJECTION_SYSTEM,
    });
    expect(result.status).toBe('rejected 400');
    expect(result.log.join('\n')).toMatch(/system.*does not match pattern/);
    expect((await backend.getEntity('user:default/x')).status).toBe(404);
    expect(fs.existsSync(path.join(fixture.gitDir, 'h-user.git'))).toBe(false);
  });

  it("issue 13: karpenter-nodepool's description cannot add a ClusterRoleBinding", async () => {
    const result = await backend.runTemplate('karpenter-nodepool', {
      ...BASE['karpenter-nodepool']('h-crb'),
      description: CLUSTER_ADMIN_DESCRIPTION,
    });
    expect(result.status).toBe('rejected 400');
    expect(result.log.join('\n')).toMatch(
      /description.*does not match pattern/,
    );
    expect(branches()).not.toContain('nodepool-h-crb');
  });

  it('left nothing behind but the completed cases', () => {
    for (const b of branches().filter(x => x !== 'main')) {
      expect(b).toMatch(/-h-\d+$/);
    }
  });
});
