import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocalGitRepos } from '../git/LocalGitRepos';
import { createCheckNameAction, createRegisterAction } from './catalog';

const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec: {type: service, lifecycle: experimental, owner: group:direct}
`;

/** A UrlReader serving one file's text. */
function readerOf(text: string) {
  return mockServices.urlReader.mock({
    readUrl: jest.fn().mockResolvedValue({
      buffer: async () => Buffer.from(text),
    }),
  });
}

/** A catalog whose dry run yields the given entities (plus the URL's own Location). */
function catalogYielding(entities: object[]) {
  const addLocation = jest
    .fn()
    .mockImplementation(async (req: { dryRun?: boolean; target: string }) => ({
      location: { id: '1', type: 'url', target: req.target },
      entities: req.dryRun
        ? [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Location',
              metadata: { name: 'generated-1' },
              spec: { type: 'url', target: req.target },
            },
            ...entities,
          ]
        : [],
    }));
  return {
    addLocation,
    catalog: catalogServiceMock.mock({
      addLocation,
      getEntityByRef: async (ref: any) => ({ ref } as any),
    }),
  };
}

function context(input: Record<string, unknown>) {
  const outputs: Record<string, unknown> = {};
  return {
    ctx: {
      input,
      logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
      output: (k: string, v: unknown) => {
        outputs[k] = v;
      },
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/guest'),
      workspacePath: os.tmpdir(),
    } as any,
    outputs,
  };
}

/** The scaffolder's own service credentials. */
const auth = mockServices.auth();

describe('casino:catalog:register', () => {
  const gitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casino-register-'));
  const repos = new LocalGitRepos({
    gitDir,
    projectRepo: gitDir,
    baseBranch: 'main',
    projectCloneName: 'p.git',
  });
  afterAll(() => fs.rmSync(gitDir, { recursive: true, force: true }));

  it('removes the local repository and says so when the catalog refuses the file', async () => {
    const src = fs.mkdtempSync(path.join(gitDir, 'src-'));
    fs.writeFileSync(path.join(src, 'catalog-info.yaml'), 'kind: Component\n');
    const created = await repos.createRepository({
      name: 'svc',
      sourceDir: src,
      commitMessage: 'x',
      author: { name: 'a', email: 'a@b' },
    });
    const catalog = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockRejectedValue(
          new Error('Policy check failed; apiVersion is missing'),
        ),
    });
    const { ctx } = context({
      catalogInfoUrl: created.catalogInfoUrl,
      entities: ['component:default/svc'],
      removeLocalRepoOnFailure: 'svc',
    });
    await expect(
      createRegisterAction({
        auth,
        catalog,
        repos,
        urlReader: readerOf(component('svc')),
      }).handler(ctx),
    ).rejects.toThrow(
      `Registering ${created.catalogInfoUrl} in the catalog failed: Policy check failed; apiVersion is missing. The local repository 'svc' was removed again, so nothing is left behind.`,
    );
    expect(fs.existsSync(path.join(gitDir, 'svc.git'))).toBe(false);
  });

  it('names what was already created when it cannot clean up (GitHub)', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockRejectedValue(new Error('NotFoundError: catalog-info.yaml')),
    });
    const { ctx } = context({
      catalogInfoUrl:
        'https://github.com/casino-org/svc/blob/main/catalog-info.yaml',
      entities: ['component:default/svc'],
      created: ['repository https://github.com/casino-org/svc.git'],
    });
    await expect(
      createRegisterAction({
        auth,
        catalog,
        repos,
        urlReader: readerOf(component('svc')),
      }).handler(ctx),
    ).rejects.toThrow(
      'Already created (not removed): repository https://github.com/casino-org/svc.git.',
    );
  });

  it('processes the new location at once and finishes only when the entity can be opened', async () => {
    const url = 'https://github.com/o/svc/blob/main/catalog-info.yaml';
    const { addLocation } = catalogYielding([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'svc', namespace: 'default' },
      },
    ]);
    const events: string[] = [];
    let processed = false;
    const catalog = catalogServiceMock.mock({
      addLocation,
      refreshEntity: async (ref: string) => {
        events.push(`refresh ${ref}`);
        if (ref.startsWith('location:')) processed = true;
      },
      getEntityByRef: async (ref: any) => {
        events.push(`get ${ref}`);
        return processed ? ({ ref } as any) : undefined;
      },
    });
    const { ctx, outputs } = context({
      catalogInfoUrl: url,
      entities: ['component:default/svc'],
    });
    await createRegisterAction({
      auth,
      catalog,
      repos,
      urlReader: readerOf(component('svc')),
    }).handler(ctx);
    // The Location entity the catalog generates for the URL is refreshed,
    // and the task ends only after the component can be read.
    expect(events[0]).toMatch(
      /^refresh location:default\/generated-[0-9a-f]+$/,
    );
    expect(events.at(-1)).toBe('get component:default/svc');
    expect(outputs.entityRef).toBe('component:default/svc');
  });

  it('does not fail the task when the catalog is slow, and says the entity will appear', async () => {
    const { addLocation } = catalogYielding([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'svc', namespace: 'default' },
      },
    ]);
    const catalog = catalogServiceMock.mock({
      addLocation,
      getEntityByRef: async () => undefined,
    });
    const { ctx, outputs } = context({
      catalogInfoUrl: 'https://github.com/o/svc/blob/main/catalog-info.yaml',
      entities: ['component:default/svc'],
    });
    await createRegisterAction({
      auth,
      catalog,
      repos,
      urlReader: readerOf(component('svc')),
      waitTimeoutMs: 300,
    }).handler(ctx);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      'component:default/svc is registered but the catalog has not finished processing it after 0.3 s; it will appear shortly',
    );
    expect(outputs.entityRef).toBe('component:default/svc');
  });

  it('registers after a dry run and outputs the component', async () => {
    const addLocation = jest
      .fn()
      .mockImplementation(async (req: { dryRun?: boolean }) => ({
        location: { id: '1', type: 'url', target: 'x' },
        entities: req.dryRun
          ? [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Location',
                metadata: { name: 'generated-1' },
                spec: {
                  type: 'url',
                  target:
                    'https://github.com/o/svc/blob/main/catalog-info.yaml',
                },
              },
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: 'svc', namespace: 'default' },
              },
            ]
          : [],
      }));
    const catalog = catalogServiceMock.mock({
      addLocation,
      getEntityByRef: async (ref: any) => ({ ref } as any),
    });
    const { ctx, outputs } = context({
      catalogInfoUrl: 'https://github.com/o/svc/blob/main/catalog-info.yaml',
      entities: ['component:default/svc'],
    });
    await createRegisterAction({
      auth,
      catalog,
      repos,
      urlReader: readerOf(component('svc')),
    }).handler(ctx);
    expect(addLocation.mock.calls.map(c => c[0])).toEqual([
      {
        type: 'url',
        target: 'https://github.com/o/svc/blob/main/catalog-info.yaml',
        dryRun: true,
      },
      {
        type: 'url',
        target: 'https://github.com/o/svc/blob/main/catalog-info.yaml',
      },
    ]);
    // Developers may not register locations themselves: the scaffolder does,
    // with its own service credentials, after the promise check.
    const scaffolderCredentials = await auth.getOwnServiceCredentials();
    expect(scaffolderCredentials.principal).toMatchObject({ type: 'service' });
    expect(addLocation.mock.calls.map(c => c[1])).toEqual([
      { credentials: scaffolderCredentials },
      { credentials: scaffolderCredentials },
    ]);
    expect(outputs.entityRef).toBe('component:default/svc');
  });

  // Issue 13: a template parameter that adds a second YAML document to
  // catalog-info.yaml must never reach the catalog
  const userInjection = `${component('svc')}---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: x}
spec: {memberOf: [platform, auditors]}
`;

  it.each([
    [
      'a User appended as a second document',
      userInjection,
      /unexpected: user:default\/x/,
    ],
    [
      'a Template appended',
      `${component(
        'svc',
      )}---\napiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: hetzner-chain-node}\nspec: {}\n`,
      /unexpected: template:default\/hetzner-chain-node/,
    ],
    [
      'a chain-node Resource appended',
      `${component(
        'svc',
      )}---\nkind: Resource\nmetadata: {name: fake-node}\nspec: {type: chain-node}\n`,
      /unexpected: resource:default\/fake-node/,
    ],
    [
      'a Location appended',
      `${component(
        'svc',
      )}---\nkind: Location\nmetadata: {name: more}\nspec: {targets: [https://evil.example/users.yaml]}\n`,
      /unexpected: location:default\/more/,
    ],
    [
      'another component instead',
      component('other'),
      /unexpected: component:default\/other; missing: component:default\/svc/,
    ],
    [
      'the component twice',
      `${component('svc')}---\n${component('svc')}`,
      /unexpected: component:default\/svc\.$/,
    ],
    [
      'a document that is not an entity',
      `${component('svc')}---\n- a\n- list\n`,
      /not an entity/,
    ],
    [
      'a renamed namespace',
      component('svc').replace('name: svc', 'name: svc\n  namespace: other'),
      /unexpected: component:other\/svc/,
    ],
  ])(
    'refuses a file holding %s, before the catalog is asked',
    async (_case, text, message) => {
      const { addLocation, catalog } = catalogYielding([]);
      const { ctx } = context({
        catalogInfoUrl: 'https://github.com/o/svc/blob/main/catalog-info.yaml',
        entities: ['component:default/svc'],
      });
      await expect(
        createRegisterAction({
          auth,
          catalog,
          repos,
          urlReader: readerOf(text),
        }).handler(ctx),
      ).rejects.toThrow(message);
      expect(addLocation).not.toHaveBeenCalled();
    },
  );

  it("refuses when the catalog's dry run yields more than the file promised (nested locations)", async () => {
    const { addLocation, catalog } = catalogYielding([
      { kind: 'Component', metadata: { name: 'svc', namespace: 'default' } },
      { kind: 'User', metadata: { name: 'x', namespace: 'default' } },
    ]);
    const { ctx } = context({
      catalogInfoUrl: 'https://github.com/o/svc/blob/main/catalog-info.yaml',
      entities: ['component:default/svc'],
    });
    await expect(
      createRegisterAction({
        auth,
        catalog,
        repos,
        urlReader: readerOf(component('svc')),
      }).handler(ctx),
    ).rejects.toThrow(
      "The catalog's dry run must hold exactly component:default/svc; unexpected: user:default/x",
    );
    expect(addLocation).toHaveBeenCalledTimes(1); // the dry run only
  });
});

describe('casino:catalog:check-name', () => {
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'gaming', namespace: 'default' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'direct', namespace: 'default' },
      },
    ],
  });
  const references = (system: string, owner: string) => [
    { field: 'system', kind: 'System', ref: system },
    { field: 'owner', kind: 'Group', ref: owner },
  ];

  it('accepts a new name whose system and team exist, short or full refs', async () => {
    for (const [system, owner] of [
      ['gaming', 'direct'],
      ['system:default/gaming', 'group:direct'],
    ]) {
      const { ctx } = context({
        name: 'bonus-engine',
        references: references(system, owner),
      });
      await expect(
        createCheckNameAction({ catalog }).handler(ctx),
      ).resolves.toBeUndefined();
    }
  });

  it('refuses a system or team that does not exist, naming the field, before anything is created', async () => {
    const { ctx } = context({
      name: 'bonus-engine',
      references: references('gamming', 'direct'),
    });
    await expect(
      createCheckNameAction({ catalog }).handler(ctx),
    ).rejects.toThrow(
      "system 'gamming' does not exist: there is no system:default/gamming in the catalog. Pick one from the list.",
    );
    const { ctx: wrongKind } = context({
      name: 'bonus-engine',
      // a Group named like the system is not a System
      references: references('direct', 'direct'),
    });
    await expect(
      createCheckNameAction({ catalog }).handler(wrongKind),
    ).rejects.toThrow("system 'direct' does not exist");
  });
});
