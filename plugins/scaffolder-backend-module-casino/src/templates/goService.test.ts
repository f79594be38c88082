import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createGitFixture, hasGo, runGit } from '../__testUtils__/fixtures';
import { startScaffolderTestBackend } from '../__testUtils__/scaffolderTestBackend';

jest.setTimeout(360_000);

// The one Go release the image and CI use: a supported one (Go supports the
// two newest releases; 1.27 came out in August 2026). Bump with the template.
const SUPPORTED_GO = '1.27';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function statusOf(url: string): Promise<number> {
  try {
    const res = await fetch(url, { headers: { connection: 'close' } });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise(r => setTimeout(r, 25));
  }
}

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
    // A loaded CI machine can take over a minute for the first task
    const result = await backend.runTemplate('go-service', values, 150_000);
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
    // The next step opens the deploy template filled in for this service,
    // with the image repository its CI pushes to (checked below)
    const links = result.output.links as Array<{ title?: string; url?: string }>;
    const deploy = links.find(l => l.title === 'Deploy it');
    const deployUrl = new URL(deploy!.url!, 'http://portal');
    expect(deployUrl.pathname).toBe(
      '/create/templates/default/deploy-with-platform-chart',
    );
    expect(JSON.parse(deployUrl.searchParams.get('formData')!)).toEqual({
      // the deploy form's component picker takes the entity reference
      name: 'component:default/bonus-engine',
      owner: 'group:default/direct',
      imageRepository:
        '123456789012.dkr.ecr.eu-central-1.amazonaws.com/direct/bonus-engine',
    });

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

    // One supported Go for the image and CI; go.mod stays at what the Go
    // here (Debian's 1.19) builds
    const goMod = fs.readFileSync(path.join(clone, 'go.mod'), 'utf8');
    expect(goMod).toMatch(/^go 1\.19$/m);
    expect(
      [...dockerfile.matchAll(/^FROM .*golang:([0-9.]+)-/gm)].map(m => m[1]),
    ).toEqual([SUPPORTED_GO]);
    expect(
      [...workflow.matchAll(/go-version(?:-file)?: (.*)$/gm)].map(m => m[1]),
    ).toEqual(['${{ env.GO_VERSION }}']);
    expect(workflow).toContain(`GO_VERSION: '${SUPPORTED_GO}'`);

    // Images go to the platform's ECR registry, under <team>/<name>, the
    // repository the deploy template points at; pushed with an OIDC role
    expect(workflow).toContain(
      'IMAGE: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/direct/bonus-engine',
    );
    expect(workflow).toContain('AWS_REGION: eu-central-1');
    expect(workflow).toContain('aws-actions/amazon-ecr-login@v2');
    expect(workflow).toContain('id-token: write');
    expect(workflow).toContain(
      'aws ecr create-repository --repository-name "direct/bonus-engine"',
    );
    expect(workflow).not.toContain('ghcr.io');

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
    expect(test).toMatch(/^ok\s+bonus-engine\/internal\/version/m);

    // The binary built with the Dockerfile's -ldflags reports its version,
    // and on SIGTERM fails /ready while it keeps serving, then exits cleanly
    const ldflags = /-ldflags="([^"]+)"/
      .exec(dockerfile)![1]
      .replace('${VERSION}', '9.9.9')
      .replace('${REVISION}', 'abc123');
    const bin = path.join(fixture.root, 'bonus-engine-bin');
    execFileSync('go', ['build', '-ldflags', ldflags, '-o', bin, '.'], {
      cwd: clone,
      env: goEnv,
    });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const proc = spawn(bin, [], {
      env: {
        ...process.env,
        PORT: String(port),
        DRAIN_PERIOD: '1500ms',
        SHUTDOWN_TIMEOUT: '2s',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>(resolve =>
      proc.on('exit', code => resolve(code)),
    );
    try {
      await waitFor(async () => (await statusOf(`${base}/ready`)) === 200, 10_000);
      const version = await (await fetch(`${base}/version`)).json();
      expect(version).toMatchObject({
        service: 'bonus-engine',
        version: '9.9.9',
        revision: 'abc123',
      });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(
        /^bonus_engine_build_info\{version="9\.9\.9",revision="abc123",goversion="go[^"]+"\} 1$/m,
      );
      expect(metrics).toMatch(/^process_resident_memory_bytes \d/m);

      proc.kill('SIGTERM');
      await waitFor(async () => (await statusOf(`${base}/ready`)) === 503, 1_000);
      expect(await statusOf(`${base}/`)).toBe(200);
      expect(await exited).toBe(0);
      expect(await statusOf(`${base}/`)).toBe(0);
    } finally {
      proc.kill('SIGKILL');
    }
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
