import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createGitFixture, hasGo, runGit } from '../__testUtils__/fixtures';
import { startScaffolderTestBackend } from '../__testUtils__/scaffolderTestBackend';

jest.setTimeout(120_000);

describe('go-service template, local default', () => {
  const fixture = createGitFixture();
  let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderTestBackend(fixture.localConfig);
  });
  afterAll(async () => {
    await backend?.backend.stop();
    fixture.cleanup();
  });

  const values = {
    name: 'bonus-engine',
    description: 'Computes bonus offers for players',
    owner: 'group:default/direct',
    system: 'system:default/casino-gaming',
    architectures: ['amd64', 'arm64'],
  };

  it('creates a repository that builds and tests with Go, and registers the component', async () => {
    const result = await backend.runTemplate('go-service', values);
    expect(result.log.join('\n')).not.toMatch(/error/i);
    expect(result.status).toBe('completed');

    const bare = path.join(fixture.gitDir, 'bonus-engine.git');
    expect(result.output.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entityRef: 'component:default/bonus-engine',
        }),
        expect.objectContaining({ url: `file://${bare}` }),
      ]),
    );

    const clone = path.join(fixture.root, 'clone');
    runGit(['clone', '--quiet', `file://${bare}`, clone]);
    const files = runGit(['ls-files'], clone).split('\n').filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining([
        'main.go',
        'go.mod',
        'Dockerfile',
        '.github/workflows/ci.yaml',
        'catalog-info.yaml',
        'mkdocs.yml',
        'docs/index.md',
      ]),
    );
    const dockerfile = fs.readFileSync(path.join(clone, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('--platform linux/amd64,linux/arm64');
    const workflow = fs.readFileSync(
      path.join(clone, '.github/workflows/ci.yaml'),
      'utf8',
    );
    expect(workflow).toContain('PLATFORMS: linux/amd64,linux/arm64');
    expect(workflow).toContain('tags: ${{ env.IMAGE }}:${{ github.sha }}');
    expect(workflow).toContain('aquasecurity/trivy-action');

    // The catalog read the component from the new repository
    const entity = await backend.waitForEntity(
      'component:default/bonus-engine',
    );
    expect(entity.spec).toMatchObject({
      owner: 'group:default/direct',
      system: 'system:default/casino-gaming',
      type: 'service',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': 'bonus-engine',
      'backstage.io/techdocs-ref': 'dir:.',
      'backstage.io/managed-by-location': `url:file://${bare}/catalog-info.yaml`,
    });
    expect(entity.metadata.description).toBe(values.description);

    if (!hasGo()) {
      // eslint-disable-next-line no-console
      console.warn(
        'SKIPPED: `go` is not installed (apt-get install golang-go); the generated service was not built',
      );
      return;
    }
    const goEnv = {
      ...process.env,
      GOFLAGS: '-mod=mod',
      GOPROXY: 'off',
      GOCACHE: path.join(fixture.root, 'gocache'),
      GOPATH: path.join(fixture.root, 'gopath'),
    };
    execFileSync('go', ['vet', './...'], { cwd: clone, env: goEnv });
    execFileSync('go', ['build', './...'], { cwd: clone, env: goEnv });
    const test = execFileSync('go', ['test', './...'], {
      cwd: clone,
      env: goEnv,
      encoding: 'utf8',
    });
    expect(test).toMatch(/^ok\s+bonus-engine\/internal\/server/m);
    expect(test).toMatch(/^ok\s+bonus-engine\/internal\/metrics/m);
  });

  it('refuses a name that is already in the catalog before creating anything', async () => {
    const result = await backend.runTemplate('go-service', {
      ...values,
      name: 'example-api',
    });
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain(
      "name 'example-api' is already taken: component:default/example-api is in the catalog (owner group:protocols)",
    );
    expect(result.steps).toMatchObject({ 'check-name': 'failed' });
    expect(result.steps.fetch ?? 'skipped').toBe('skipped');
    expect(result.steps['publish-local'] ?? 'skipped').toBe('skipped');
    expect(fs.existsSync(path.join(fixture.gitDir, 'example-api.git'))).toBe(
      false,
    );
  });

  it.each([
    ['name', { name: 'Bonus_Engine' }, /name.*does not match pattern/],
    [
      'owner',
      { owner: 'group:default/platform' },
      /owner.*does not match pattern/,
    ],
    [
      'architectures',
      { architectures: ['s390x'] },
      /architectures\[0\].*is not one of enum values/,
    ],
  ])('rejects a bad %s before running', async (_field, bad, message) => {
    const result = await backend.runTemplate('go-service', {
      ...values,
      name: 'other-svc',
      ...bad,
    });
    expect(result.status).toBe('rejected 400');
    expect(result.log.join('\n')).toMatch(message);
  });
});
