import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { renderChart } from '@internal/chart-render';
import {
  formatFinding,
  mergeValues,
  validateChartValues,
  validateManifests,
} from '@internal/infra-validator';
import { createGitFixture, runGit } from '../__testUtils__/fixtures';
import {
  repoRoot,
  startScaffolderTestBackend,
  writeTestComponents,
} from '../__testUtils__/scaffolderTestBackend';

jest.setTimeout(360_000);

// What deploy-with-platform-chart writes, rendered through the real chart
// (infra/helm/app) the way Argo CD's ApplicationSet does: release name = the
// service's folder, namespace = the team. Every object is validated strictly.
const CHART = path.join(repoRoot, 'infra/helm/app');

describe('deploy-with-platform-chart, rendered through the platform chart', () => {
  const fixture = createGitFixture();
  const clone = path.join(fixture.gitDir, 'casino-platform.git');
  let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;

  beforeAll(async () => {
    // The components these tests deploy: the template deploys only what the
    // catalog has
    const components = writeTestComponents(fixture.root, [
      'bonus-engine',
      'named',
      'picked',
      'port',
      'short-owner',
      'single',
      'pair',
      'tidy',
      'long-tag',
      'secure',
      'plain',
      'graceful',
    ]);
    backend = await startScaffolderTestBackend(fixture.localConfig, [], {
      catalogFiles: [components],
    });
    await backend.waitForEntity('component:default/graceful', 120_000);
  });
  afterAll(async () => {
    await backend?.backend.stop();
    fixture.cleanup();
  });

  const deploy = {
    name: 'bonus-engine',
    owner: 'group:default/mono',
    imageRepository:
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mono/bonus-engine',
    imageTag: '1.0.0',
    replicas: 2,
    architecture: 'multi',
    capacityType: 'spot',
    containerPort: 9090,
    cpuRequest: '250m',
    memoryRequest: '256Mi',
    ingressHost: '',
    tls: true,
    secrets: [],
  };

  /** Runs the template and renders what it published. */
  async function deployAndRender(overrides: Partial<typeof deploy>) {
    const params = { ...deploy, ...overrides };
    // A loaded CI machine can take over a minute for the first task
    const result = await backend.runTemplate(
      'deploy-with-platform-chart',
      params,
      150_000,
    );
    if (result.status !== 'completed')
      throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
    const team = params.owner.split('/').pop()!;
    const file = `infra/apps/${team}/${params.name}/values.yaml`;
    const raw = runGit([
      '--git-dir',
      clone,
      'show',
      `deploy-${team}-${params.name}:${file}`,
    ]);
    const values = parseYaml(raw.split('---\n')[1]);
    const chartValues = parseYaml(
      fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'),
    );
    expect(
      validateChartValues(
        mergeValues(chartValues, values),
        path.join(CHART, 'values.schema.json'),
      ).map(formatFinding),
    ).toEqual([]);
    const rendered = renderChart({
      chartDir: CHART,
      releaseName: params.name,
      namespace: team,
      values,
    });
    expect(
      validateManifests(
        rendered.objects.map(o => ({ object: o.object, file: o.source })),
        { requireKnownKinds: true },
      ).map(formatFinding),
    ).toEqual([]);
    const byKind = (kind: string) =>
      rendered.objects.filter(o => o.object.kind === kind).map(o => o.object);
    return { raw, values, rendered, byKind, team };
  }

  it('names every object for the service, not <service>-app', async () => {
    const { rendered } = await deployAndRender({ name: 'named' });
    expect(rendered.objects.map(o => o.object.metadata.name)).toEqual(
      rendered.objects.map(() => 'named'),
    );
  });

  it('takes the component picked from the catalog as its entity reference', async () => {
    // The form's EntityPicker sends component:default/<name>; the folder,
    // branch and release are named for the component's name
    const result = await backend.runTemplate(
      'deploy-with-platform-chart',
      { ...deploy, name: 'component:default/picked' },
      150_000,
    );
    expect(result.status).toBe('completed');
    expect(
      runGit([
        '--git-dir',
        clone,
        'show',
        'deploy-mono-picked:infra/apps/mono/picked/values.yaml',
      ]),
    ).toContain('fullnameOverride: picked');
  });

  it.each([
    ['a name', 'ghost'],
    ['an entity reference', 'component:default/ghost'],
  ])(
    'refuses a component the catalog does not have (%s), naming the field, with nothing published',
    async (_how, name) => {
      // The picker offers only catalog components; a task started without
      // the form (the API, a hand-made formData link) is held to that too
      const result = await backend.runTemplate('deploy-with-platform-chart', {
        ...deploy,
        name,
      });
      expect(result.status).toBe('failed');
      expect(result.log.join('\n')).toContain(
        `name '${name}' does not exist: there is no component:default/ghost in the catalog. Pick one from the list.`,
      );
      expect(result.steps['check-references']).toBe('failed');
      expect(
        runGit(['--git-dir', clone, 'branch', '--list', '*ghost*']).trim(),
      ).toBe('');
    },
  );

  it('refuses a component reference of another kind or a name over 50 characters', async () => {
    for (const name of ['system:default/gaming', `component:${'a'.repeat(51)}`]) {
      const result = await backend.runTemplate('deploy-with-platform-chart', {
        ...deploy,
        name,
      });
      // refused by the template's schema: no task, nothing written
      expect(result.status).toBe('rejected 400');
      expect(result.log.join('\n')).toContain('instance.name does not match');
    }
  });

  it('passes containerPort to the app as PORT', async () => {
    const { byKind } = await deployAndRender({ name: 'port' });
    const [container] = byKind('Deployment')[0].spec.template.spec.containers;
    expect(container.ports[0].containerPort).toBe(9090);
    expect(container.env).toContainEqual({ name: 'PORT', value: '9090' });
  });

  it('accepts a short owner ref (direct), as the form does', async () => {
    const { team, byKind } = await deployAndRender({
      name: 'short-owner',
      owner: 'direct',
    });
    expect(team).toBe('direct');
    expect(byKind('Deployment')[0].metadata.namespace ?? 'direct').toBe(
      'direct',
    );
    expect(
      runGit(['--git-dir', clone, 'branch', '--list', 'deploy-direct-*']),
    ).toContain('deploy-direct-short-owner');
  });

  it('gives one replica no PodDisruptionBudget that would block every drain', async () => {
    const { byKind } = await deployAndRender({
      name: 'single',
      replicas: 1,
    });
    expect(byKind('Deployment')[0].spec.replicas).toBe(1);
    for (const pdb of byKind('PodDisruptionBudget')) {
      // minAvailable 1 of 1 pod: no node could ever be drained
      expect(pdb.spec.minAvailable).toBeUndefined();
    }
    const two = await deployAndRender({ name: 'pair', replicas: 2 });
    expect(two.byKind('PodDisruptionBudget')[0].spec.minAvailable).toBe(1);
  });

  it('renders no empty annotations: and no whitespace-only lines', async () => {
    const { raw, rendered } = await deployAndRender({ name: 'tidy' });
    for (const text of [raw, rendered.manifest]) {
      const lines = text.split('\n');
      expect(
        lines.flatMap((l, i) =>
          /^\s+$/.test(l) ? [lines.slice(i - 2, i + 2).join('\n')] : [],
        ),
      ).toEqual([]);
      expect(text).not.toMatch(/annotations:\s*(\n\s*\w+:|$)/);
    }
    // Every annotations key present holds a map (never null)
    const annotationBlocks = rendered.objects
      .flatMap(({ object }) => [object.metadata, object.spec?.template?.metadata])
      .filter(meta => meta && 'annotations' in meta)
      .map(meta => meta.annotations);
    expect(annotationBlocks).toEqual(
      annotationBlocks.map(() => expect.any(Object)),
    );
  });

  it.each([
    ['ends in a dot', '1.0.'],
    ['starts with an underscore', '_build'],
    ['is longer than a label value (63)', `v${'1'.repeat(63)}`],
  ])(
    'refuses an image tag that %s (not a valid label value) before running',
    async (_why, imageTag) => {
      const result = await backend.runTemplate('deploy-with-platform-chart', {
        ...deploy,
        name: 'bad-tag',
        imageTag,
      });
      expect(result.status).toBe('rejected 400');
      expect(result.log.join('\n')).toMatch(/imageTag/);
    },
  );

  it('accepts the longest image tag a label value allows', async () => {
    const imageTag = `v${'1'.repeat(61)}z`;
    const { byKind } = await deployAndRender({ name: 'long-tag', imageTag });
    expect(
      byKind('Deployment')[0].metadata.labels['app.kubernetes.io/version'],
    ).toBe(imageTag);
  });

  it('serves HTTPS with a certificate cert-manager issues into <service>-tls', async () => {
    const { byKind } = await deployAndRender({
      name: 'secure',
      ingressHost: 'secure.casino.example.com',
    });
    const [ingress] = byKind('Ingress');
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
    });
    expect(ingress.spec.tls).toEqual([
      { hosts: ['secure.casino.example.com'], secretName: 'secure-tls' },
    ]);
    // The issuer the chart names is the one the platform installs
    const platformApps = fs.readFileSync(
      path.join(repoRoot, 'infra/terraform/modules/platform-apps/variables.tf'),
      'utf8',
    );
    expect(platformApps).toMatch(
      /variable "cluster_issuer_name" \{[^}]*default\s*=\s*"letsencrypt"/,
    );
    expect(
      fs.readFileSync(
        path.join(repoRoot, 'infra/terraform/modules/platform-apps/main.tf'),
        'utf8',
      ),
    ).toMatch(/kind\s*=\s*"ClusterIssuer"/);
  });

  it('serves plain HTTP, with no certificate requested, when TLS is off', async () => {
    const { byKind } = await deployAndRender({
      name: 'plain',
      ingressHost: 'plain.casino.example.com',
      tls: false,
    });
    const [ingress] = byKind('Ingress');
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.metadata.annotations).toBeUndefined();
  });

  it('keeps a terminating pod serving through a preStop sleep within the grace period', async () => {
    const { byKind } = await deployAndRender({ name: 'graceful' });
    const pod = byKind('Deployment')[0].spec.template.spec;
    const sleep = pod.containers[0].lifecycle.preStop.sleep.seconds;
    expect(sleep).toBeGreaterThan(0);
    // the go-service app drains 5s and shuts down within 15s after SIGTERM
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(sleep + 5 + 15);
  });

  it('refuses to render a grace period the preStop sleep would use up', () => {
    expect(() =>
      renderChart({
        chartDir: CHART,
        releaseName: 'impatient',
        namespace: 'direct',
        values: { preStopSleepSeconds: 30, terminationGracePeriodSeconds: 30 },
      }),
    ).toThrow(
      /terminationGracePeriodSeconds \(30\) must be longer than preStopSleepSeconds \(30\)/,
    );
  });
});
