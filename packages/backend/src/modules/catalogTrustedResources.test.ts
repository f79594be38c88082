/*
 * The catalog's trust boundary (issue 13), with the real catalog, the
 * catalog.rules and locations of app-config.yaml / app-config.production.yaml
 * and TrustedResourceTypesProcessor: a registered URL may describe software
 * only, while the repository's own catalog still loads in full.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { readCatalogTree } from '../catalog/catalogFiles';
import catalogModuleTrustedResources, {
  TrustedResourceTypesProcessor,
} from './catalogTrustedResources';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const readYaml = (f: string) =>
  parse(fs.readFileSync(path.join(repoRoot, f), 'utf8'));

/** A registered repository's files, served as https://repo.test/<name>. */
const hostileFiles: Record<string, string> = {
  'user.yaml':
    'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: x}\nspec: {memberOf: [platform, auditors]}\n',
  'group.yaml':
    'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: evil}\nspec: {type: team, children: []}\n',
  'template.yaml':
    'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: hetzner-chain-node-copy}\nspec: {type: service, steps: []}\n',
  'location.yaml':
    'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: more}\nspec: {targets: [https://repo.test/component.yaml]}\n',
  'chain-node.yaml':
    'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: fake-node}\nspec: {type: chain-node, owner: group:chains}\n',
  'component.yaml':
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: svc}\nspec: {type: service, lifecycle: experimental, owner: group:direct}\n',
  'database.yaml':
    'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: svc-db}\nspec: {type: database, owner: group:direct}\n',
};

function fileAt(url: string) {
  const text = hostileFiles[new URL(url).pathname.slice(1)];
  if (text === undefined) throw new Error(`no ${url}`);
  return text;
}

const testUrlReader = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return () => [
      {
        predicate: (url: URL) => url.host === 'repo.test',
        reader: {
          async readUrl(url: string) {
            return { buffer: async () => Buffer.from(fileAt(url)) } as any;
          },
          async readTree() {
            throw new Error('not supported');
          },
          async search(url: string) {
            const text = fileAt(url);
            return {
              etag: 'test',
              files: [{ url, content: async () => Buffer.from(text) }],
            };
          },
        },
      },
    ];
  },
});

/** catalog config as the backend sees it, file targets made absolute. */
function catalogConfig(mode: 'local' | 'production') {
  const base = readYaml('app-config.yaml').catalog;
  const locations =
    mode === 'local'
      ? base.locations
      : readYaml('app-config.production.yaml').catalog.locations;
  // Relative file targets resolve against the process: packages/backend on
  // the local default, the repository root in the container
  const cwd =
    mode === 'local' ? path.join(repoRoot, 'packages/backend') : repoRoot;
  return {
    ...base,
    locations: locations.map((l: any) => ({
      ...l,
      target: l.type === 'file' ? path.resolve(cwd, l.target) : l.target,
    })),
    processingInterval: { seconds: 1 },
  };
}

describe('TrustedResourceTypesProcessor', () => {
  const processor = TrustedResourceTypesProcessor.fromConfig(
    new ConfigReader({
      catalog: {
        locations: [{ type: 'file', target: '/repo/catalog/locations.yaml' }],
      },
    }),
  );
  const node = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'n' },
    spec: { type: 'chain-node' },
  };
  const run = (entity: any, origin: { type: string; target: string }) =>
    processor.preProcessEntity(entity, origin, jest.fn(), origin);

  it('lets chain-node Resources through from config locations only', async () => {
    await expect(
      run(node, { type: 'file', target: '/repo/catalog/locations.yaml' }),
    ).resolves.toBe(node);
    await expect(
      run(node, { type: 'url', target: 'https://repo.test/x.yaml' }),
    ).rejects.toThrow(
      "Resource 'n' of type chain-node may only come from the portal's own catalog locations",
    );
    await expect(
      run(
        { ...node, kind: 'resource', spec: { type: 'Chain-Node' } },
        { type: 'file', target: '/elsewhere.yaml' },
      ),
    ).rejects.toThrow();
  });

  it('lets kubernetes-cluster Resources through from config locations only', async () => {
    const cluster = { ...node, spec: { type: 'kubernetes-cluster' } };
    await expect(
      run(cluster, { type: 'file', target: '/repo/catalog/locations.yaml' }),
    ).resolves.toBe(cluster);
    await expect(
      run(cluster, { type: 'url', target: 'https://repo.test/x.yaml' }),
    ).rejects.toThrow(
      "Resource 'n' of type kubernetes-cluster may only come from the portal's own catalog locations",
    );
  });

  it('leaves other Resources and kinds alone', async () => {
    const origin = { type: 'url', target: 'https://repo.test/x.yaml' };
    const db = { ...node, spec: { type: 'database' } };
    await expect(run(db, origin)).resolves.toBe(db);
    const c = { ...node, kind: 'Component' };
    await expect(run(c, origin)).resolves.toBe(c);
  });
});

describe.each(['local', 'production'] as const)(
  'catalog trust boundary with app-config (%s)',
  mode => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    const auth = mockCredentials.user.header('user:default/guest');

    beforeAll(async () => {
      backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleTemplateKind,
          catalogModuleTrustedResources,
          testUrlReader,
          mockServices.rootConfig.factory({
            data: {
              backend: { baseUrl: 'http://localhost:0' },
              catalog: catalogConfig(mode),
            },
          }),
        ],
      });
    });
    afterAll(() => backend?.stop());

    const register = (file: string) =>
      request(backend.server)
        .post('/api/catalog/locations?dryRun=true')
        .set('Authorization', auth)
        .send({ type: 'url', target: `https://repo.test/${file}` });

    it.each([
      ['User', 'user.yaml', /not of an allowed kind/],
      ['Group', 'group.yaml', /not of an allowed kind/],
      ['Template', 'template.yaml', /not of an allowed kind/],
      ['Location', 'location.yaml', /not of an allowed kind/],
      [
        'chain-node Resource',
        'chain-node.yaml',
        /TrustedResourceTypesProcessor/,
      ],
    ])('refuses a %s from a registered URL', async (_kind, file, message) => {
      const res = await register(file);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    });

    it.each([
      ['Component', 'component.yaml'],
      ['database Resource', 'database.yaml'],
    ])('accepts a %s from a registered URL', async (_kind, file) => {
      const res = await register(file);
      expect(res.status).toBe(201);
    });

    it("still loads every entity of the repository's own catalog", async () => {
      const expected = readCatalogTree(
        path.join(repoRoot, 'catalog/locations.yaml'),
      ).map(e => stringifyEntityRef(e.entity));
      // Users, groups, templates, chain nodes and the nested Location among them
      expect(expected).toEqual(
        expect.arrayContaining([
          'user:default/guest',
          'group:default/platform',
          'template:default/hetzner-chain-node',
          'location:default/casino-platform-catalog',
          'resource:default/chain-node-local-1',
        ]),
      );
      const deadline = Date.now() + 90_000;
      let missing = expected;
      while (missing.length && Date.now() < deadline) {
        const res = await request(backend.server)
          .get('/api/catalog/entities')
          .set('Authorization', auth);
        const loaded = new Set(
          (res.body as any[]).map(e => stringifyEntityRef(e)),
        );
        missing = expected.filter(r => !loaded.has(r));
        if (missing.length) await new Promise(r => setTimeout(r, 500));
      }
      expect(missing).toEqual([]);
    });
  },
);
