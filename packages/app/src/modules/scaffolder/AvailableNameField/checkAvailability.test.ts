import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { checkAvailability, fillEntityName } from './checkAvailability';

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'chain-node-ethereum-3-dev',
        title: 'ethereum node ethereum-3-dev',
      },
      spec: { type: 'chain-node', owner: 'group:default/chains' },
    },
  ],
});

/** node-mix as the demo clusters answer: dev runs graviton and x86, prod is not read yet. */
const nodeMixApi = {
  listClusters: jest.fn(async () => [
    { name: 'demo-eks-dev' },
    { name: 'demo-eks-prod' },
  ]),
  getCluster: jest.fn(async (name: string) =>
    name === 'demo-eks-dev'
      ? {
          name,
          title: 'EKS dev (demo)',
          summary: { nodePools: [{ name: 'graviton' }, { name: 'x86' }] },
        }
      : { name, title: 'EKS prod (demo)' },
  ),
} as any;

const chainNode = {
  kind: 'Resource',
  entityName: 'chain-node-{value}-{environment}',
};

describe('checkAvailability', () => {
  it("finds a chain node's Resource by the name the template gives it", async () => {
    expect(
      await checkAvailability({ catalogApi }, 'ethereum-3', chainNode, {
        environment: 'dev',
      }),
    ).toEqual({
      state: 'taken',
      message:
        "'ethereum-3' is already taken by the resource ethereum node ethereum-3-dev (owned by chains). Choose another name.",
    });
    // the same node name in another environment is another server
    expect(
      await checkAvailability({ catalogApi }, 'ethereum-3', chainNode, {
        environment: 'prod',
      }),
    ).toEqual({
      state: 'free',
      message:
        "'ethereum-3' is free: no Resource chain-node-ethereum-3-prod in the catalog.",
    });
  });

  it('waits for the fields the entity name is made of', async () => {
    expect(fillEntityName(chainNode.entityName, 'eth', {})).toBeUndefined();
    expect(
      await checkAvailability({ catalogApi }, 'ethereum-3', chainNode, {}),
    ).toEqual({ state: 'invalid' });
  });

  it('finds a NodePool of that name in any cluster node-mix follows', async () => {
    expect(
      await checkAvailability({ nodeMixApi }, 'graviton', {
        source: 'nodePools',
      }),
    ).toEqual({
      state: 'taken',
      message:
        "'graviton' is already a NodePool in EKS dev (demo). Choose another name.",
    });
    expect(
      await checkAvailability({ nodeMixApi }, 'batch', {
        source: 'nodePools',
      }),
    ).toEqual({
      state: 'free',
      message:
        "'batch' is free: no NodePool of that name in 1 cluster (EKS prod (demo) not read yet).",
    });
  });

  it('reports clusters that do not answer as unknown, not taken', async () => {
    const failing = {
      listClusters: jest.fn(async () => {
        throw new Error('503');
      }),
      getCluster: jest.fn(),
    } as any;
    expect(
      await checkAvailability({ nodeMixApi: failing }, 'batch', {
        source: 'nodePools',
      }),
    ).toMatchObject({ state: 'unknown' });
    expect(
      await checkAvailability({}, 'batch', { source: 'nodePools' }),
    ).toMatchObject({ state: 'unknown' });
  });
});
