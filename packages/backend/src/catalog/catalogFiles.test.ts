import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import {
  findDanglingRefs,
  readCatalogTree,
  validateEntity,
} from './catalogFiles';

const repoRoot = path.resolve(__dirname, '../../../..');
const locations = path.join(repoRoot, 'catalog/locations.yaml');

describe('the platform catalog in catalog/', () => {
  const entities = readCatalogTree(locations);

  it('passes Backstage entity validation, file by file', async () => {
    const problems: string[] = [];
    for (const { file, entity } of entities) {
      for (const p of await validateEntity(entity)) {
        problems.push(
          `${path.relative(repoRoot, file)} ${entity.kind}:${
            entity.metadata?.name
          }: ${p}`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no relation pointing at a missing entity', () => {
    expect(findDanglingRefs(entities)).toEqual([]);
  });

  it('tells the platform story: teams, systems, services, APIs and resources', () => {
    const names = (kind: string) =>
      entities
        .filter(e => e.entity.kind === kind)
        .map(e => e.entity.metadata.name);
    expect(names('Group')).toEqual(
      expect.arrayContaining([
        'direct',
        'mono',
        'protocols',
        'chains',
        'listeners',
        'platform',
        'auditors',
      ]),
    );
    expect(names('Component')).toEqual(
      expect.arrayContaining([
        'example-api',
        'hello-world',
        'chain-listener',
        'game-dice',
      ]),
    );
    expect(names('API')).toEqual(
      expect.arrayContaining(['example-api', 'chain-rpc']),
    );
    expect(names('Resource')).toEqual(
      expect.arrayContaining([
        'eks-dev',
        'eks-prod',
        'rds-postgres',
        'kafka',
        'redis',
        'mongodb',
        'influxdb',
        's3-evidence',
      ]),
    );
    const exampleApi = entities.find(
      e =>
        e.entity.kind === 'Component' &&
        e.entity.metadata.name === 'example-api',
    )!;
    expect(exampleApi.entity.spec).toMatchObject({
      owner: 'group:protocols',
      providesApis: ['example-api'],
    });
  });

  it('names unique entities only once', () => {
    const refs = entities.map(e =>
      `${e.entity.kind}:${e.entity.metadata.name}`.toLowerCase(),
    );
    expect(refs.filter((r, i) => refs.indexOf(r) !== i)).toEqual([]);
  });
});

describe('the catalog checks themselves', () => {
  it('reject an entity the catalog would reject, naming the field', async () => {
    const problems = await validateEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'Bad Name!' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:platform',
      },
    });
    expect(problems.join()).toMatch(/metadata\.name/);
    expect(
      await validateEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'ok' },
        spec: { type: 'service', owner: 'group:platform' },
      }),
    ).not.toEqual([]);
  });

  it('report a dangling owner and a missing location target', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
    fs.writeFileSync(
      path.join(dir, 'loc.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: l}\nspec: {targets: [./c.yaml]}\n',
    );
    fs.writeFileSync(
      path.join(dir, 'c.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: c}\nspec: {type: service, lifecycle: x, owner: ghost-team}\n',
    );
    expect(
      findDanglingRefs(readCatalogTree(path.join(dir, 'loc.yaml'))),
    ).toEqual([
      "component:default/c spec.owner -> 'group:default/ghost-team' is not in the catalog",
    ]);
    fs.writeFileSync(
      path.join(dir, 'loc.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: l}\nspec: {targets: [./missing.yaml]}\n',
    );
    expect(() => readCatalogTree(path.join(dir, 'loc.yaml'))).toThrow(
      /missing\.yaml/,
    );
  });
});
