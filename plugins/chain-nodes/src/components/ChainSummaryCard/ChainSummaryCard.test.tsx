import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { chainNodesApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { fleet } from '../testData';
import { ChainSummaryCard } from './ChainSummaryCard';

describe('ChainSummaryCard', () => {
  it("counts the system's nodes by state and lists the unhealthy ones with reasons", async () => {
    const api = {
      getFleet: jest.fn(async () => fleet),
      getNode: jest.fn(),
      getHistory: jest.fn(),
    };
    await renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: { name: 'casino-blockchain', namespace: 'default' },
          spec: { owner: 'chains' },
        }}
      >
        <ChainSummaryCard />
      </EntityProvider>,
      {
        apis: [[chainNodesApiRef, api]],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
          '/chain-nodes': rootRouteRef,
        },
      },
    );
    expect(
      await screen.findByRole('link', { name: 'Local chain node 4' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('unreachable: connection refused (ECONNREFUSED)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('96 blocks behind the chain head 120 (limit 5)'),
    ).toBeInTheDocument();
    // mainnet-1 belongs to another system and is not counted.
    expect(screen.getByTestId('state-healthy').nextSibling).toHaveTextContent(
      '1',
    );
    expect(
      screen.getByRole('link', { name: /All chain nodes/ }),
    ).toHaveAttribute('href', '/chain-nodes');
  });
});
