import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { execFileSync } from 'node:child_process';
import techdocsPlugin from '@backstage/plugin-techdocs-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import searchModuleTechdocs from '@backstage/plugin-search-backend-module-techdocs';
import techdocsModuleLocal from './index';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';

// Uses Debian's mkdocs + mkdocs-material (scripts/system-deps.sh installs
// them), exactly as the portal's backend does.
const hasMkdocs = (() => {
  try {
    execFileSync('mkdocs', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

const MKDOCS_YML = `# Comments and key order must survive: the generator works on a copy.
site_name: Scale
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
`;

(hasMkdocs ? describe : describe.skip)('techdocs-backend-module-local', () => {
  let root: string;
  let entity: Entity;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-module-test-'));
    await fs.mkdir(path.join(root, 'repo', 'docs'), { recursive: true });
    await fs.writeFile(path.join(root, 'repo', 'mkdocs.yml'), MKDOCS_YML);
    await fs.writeFile(
      path.join(root, 'repo', 'docs', 'index.md'),
      '# Scale patterns\n\nKarpenter consolidation removes underutilized nodes.\n',
    );
    await fs.writeFile(path.join(root, 'repo', 'catalog-info.yaml'), '');
    entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: 'casino-platform',
        namespace: 'default',
        uid: 'b7f1c0e4-0000-4000-8000-000000000001',
        annotations: {
          'backstage.io/techdocs-ref': 'dir:.',
          'backstage.io/managed-by-location': `file:${root}/repo/catalog-info.yaml`,
          'backstage.io/managed-by-origin-location': `file:${root}/repo/catalog-info.yaml`,
        },
      },
      spec: { owner: 'group:platform' },
    };
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('builds local sites on start and makes them searchable, without touching the working tree', async () => {
    const { server } = await startTestBackend({
      features: [
        techdocsPlugin,
        techdocsModuleLocal,
        searchPlugin,
        searchModuleTechdocs,
        // The real scheduler: the module triggers the search index through
        // its HTTP route, which the mock scheduler does not serve.
        schedulerServiceFactory,
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: {
            techdocs: {
              builder: 'local',
              generator: {
                runIn: 'local',
                mkdocs: { omitTechdocsCorePlugin: true },
              },
              publisher: {
                type: 'local',
                local: { publishDirectory: path.join(root, 'published') },
              },
              localPrebuild: { initialDelay: { seconds: 1 } },
            },
          },
        }),
      ],
    });

    // The prebuild publishes the site and asks search to index it; poll the
    // search API the way the portal's search page does.
    const deadline = Date.now() + 60_000;
    let results: any[] = [];
    while (Date.now() < deadline) {
      const res = await request(server)
        .get('/api/search/query?term=consolidation&types[0]=techdocs')
        .set('Authorization', mockCredentials.user.header());
      results = res.body.results ?? [];
      if (results.length > 0) break;
      await new Promise(r => setTimeout(r, 1000));
    }

    expect(results[0]?.document).toMatchObject({
      kind: 'system',
      name: 'casino-platform',
      title: 'Scale patterns',
      location: expect.stringMatching(
        /^\/docs\/default\/system\/casino-platform\//,
      ),
    });
    await expect(
      fs.stat(
        path.join(
          root,
          'published',
          'default',
          'system',
          'casino-platform',
          'index.html',
        ),
      ),
    ).resolves.toBeTruthy();
    expect(
      await fs.readFile(path.join(root, 'repo', 'mkdocs.yml'), 'utf8'),
    ).toBe(MKDOCS_YML);
    expect(await fs.readdir(path.join(root, 'repo'))).toEqual([
      'catalog-info.yaml',
      'docs',
      'mkdocs.yml',
    ]);
  }, 90_000);
});
