import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createCheckReferencesAction } from './checkReferences';

describe('casino:catalog:check-references', () => {
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'wallet', namespace: 'default' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'mono', namespace: 'default' },
      },
    ],
  });

  function run(
    references: Array<{ field: string; kind: string; ref: string }>,
  ) {
    const ctx = {
      input: { references },
      logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
      getInitiatorCredentials: async () => mockCredentials.user(),
    } as any;
    return createCheckReferencesAction({ catalog }).handler(ctx);
  }

  it('accepts a component and team that exist, short or full refs', async () => {
    await expect(
      run([
        { field: 'name', kind: 'Component', ref: 'component:default/wallet' },
        { field: 'owner', kind: 'Group', ref: 'mono' },
      ]),
    ).resolves.toBeUndefined();
    await expect(
      run([{ field: 'name', kind: 'Component', ref: 'wallet' }]),
    ).resolves.toBeUndefined();
  });

  it('refuses a component that is not in the catalog, naming the field', async () => {
    await expect(
      run([
        { field: 'owner', kind: 'Group', ref: 'group:default/mono' },
        { field: 'name', kind: 'Component', ref: 'component:default/ghost' },
      ]),
    ).rejects.toThrow(
      "name 'component:default/ghost' does not exist: there is no component:default/ghost in the catalog. Pick one from the list.",
    );
  });

  it('refuses an entity of another kind and a malformed reference', async () => {
    await expect(
      run([{ field: 'name', kind: 'Component', ref: 'group:default/mono' }]),
    ).rejects.toThrow("name 'group:default/mono' does not exist");
    await expect(
      run([{ field: 'name', kind: 'Component', ref: 'component:' }]),
    ).rejects.toThrow("name 'component:' is not an entity reference");
  });
});
