import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { nodeMixApiRef } from '../../api';
import { PodPlacementCard } from './PodPlacementCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'game-dice',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'game-dice' },
  },
  spec: { type: 'service', owner: 'direct', lifecycle: 'production' },
};

function render(api: object) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <PodPlacementCard />
    </EntityProvider>,
    { apis: [[nodeMixApiRef, api as any]] },
  );
}

jest.setTimeout(30_000);

describe('PodPlacementCard', () => {
  it("lists each pod with its node, architecture and capacity type, by the component's kubernetes-id", async () => {
    const api = {
      listClusters: jest.fn(async () => [
        { name: 'demo-eks-dev', title: 'EKS dev (demo)' },
      ]),
      getWorkloadPods: jest.fn(async () => ({
        cluster: 'demo-eks-dev',
        generatedAt: '2026-12-02T11:00:00Z',
        items: [
          {
            name: 'game-dice-7d9f8c6b5a-abcde',
            namespace: 'casino-gaming',
            node: 'ip-10-0-1-7.eu-central-1.compute.internal',
            arch: 'arm64',
            capacityType: 'spot',
            instanceType: 'm7g.xlarge',
          },
          {
            name: 'game-dice-7d9f8c6b5a-fghij',
            namespace: 'casino-gaming',
            node: 'ip-10-0-2-9.eu-central-1.compute.internal',
            arch: 'amd64',
            capacityType: 'on-demand',
            instanceType: 'm7i.large',
          },
        ],
      })),
    };
    await render(api);
    const card = await screen.findByText('Pods and their nodes');
    expect(card).toBeInTheDocument();
    expect(api.getWorkloadPods).toHaveBeenCalledWith(
      'demo-eks-dev',
      'game-dice',
    );
    const first = screen.getByText('game-dice-7d9f8c6b5a-abcde').closest('tr')!;
    expect(within(first).getByText('EKS dev (demo)')).toBeInTheDocument();
    expect(
      within(first).getByText('ip-10-0-1-7.eu-central-1.compute.internal'),
    ).toBeInTheDocument();
    expect(within(first).getByText('arm64 (Graviton)')).toBeInTheDocument();
    expect(within(first).getByText('spot')).toBeInTheDocument();
    expect(within(first).getByText('m7g.xlarge')).toBeInTheDocument();
    const second = screen
      .getByText('game-dice-7d9f8c6b5a-fghij')
      .closest('tr')!;
    expect(within(second).getByText('amd64 (x86)')).toBeInTheDocument();
    expect(within(second).getByText('on-demand')).toBeInTheDocument();
  });

  it('names a cluster it could not read and says when no pod is found', async () => {
    const api = {
      listClusters: jest.fn(async () => [{ name: 'prod' }]),
      getWorkloadPods: jest.fn(async () => {
        throw new Error('Not allowed: node-mix.cluster.read');
      }),
    };
    await render(api);
    expect(
      await screen.findByText(/^prod: .*Not allowed: node-mix.cluster.read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /No pods labelled backstage.io\/kubernetes-id=game-dice/,
      ),
    ).toBeInTheDocument();
  });
});
