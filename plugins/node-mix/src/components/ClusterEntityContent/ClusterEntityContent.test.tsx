import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { nodeMixApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { ClusterEntityContent } from './ClusterEntityContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'eks-prod',
    annotations: { 'casino.io/cluster-name': 'eks-prod' },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:platform' },
};

describe('ClusterEntityContent', () => {
  it('says a catalog cluster the portal does not read is not read, naming the ones it does', async () => {
    const api = {
      listClusters: jest.fn(async () => [
        { name: 'demo-eks-dev', demo: true, state: 'ok' as const },
      ]),
      getCluster: jest.fn(),
      getNodes: jest.fn(),
      getHistory: jest.fn(),
    };
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <ClusterEntityContent />
      </EntityProvider>,
      {
        apis: [[nodeMixApiRef, api]],
        mountedRoutes: { '/clusters': rootRouteRef },
      },
    );
    expect(
      await screen.findByText("The portal does not read cluster 'eks-prod'"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Clusters read: demo-eks-dev\./),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the clusters the portal reads' }),
    ).toHaveAttribute('href', '/clusters');
    expect(api.getCluster).not.toHaveBeenCalled();
  });
});
