import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { act, screen, within } from '@testing-library/react';
import { chainNodesApiRef } from '../../api';
import { fleet } from '../testData';
import { FleetPage } from './FleetPage';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('FleetPage', () => {
  it('groups by chain and location, worst first, with reasons and links to the node pages', async () => {
    const api = {
      getFleet: jest.fn(async () => fleet),
      getNode: jest.fn(),
      getHistory: jest.fn(),
    };
    await renderInTestApp(<FleetPage />, {
      apis: [[chainNodesApiRef, api]],
      mountedRoutes,
    });

    const chains = await screen.findAllByRole('region', { name: /^chain / });
    expect(chains.map(c => c.getAttribute('aria-label'))).toEqual([
      'chain casino-local',
      'chain casino-mainnet',
    ]);

    const local = chains[0];
    const tables = within(local).getAllByRole('table');
    expect(tables.map(t => t.getAttribute('aria-label'))).toEqual([
      'casino-local nodes in hel1',
      'casino-local nodes in nbg1',
      'casino-local nodes in fsn1',
    ]);
    expect(within(local).getByText('chain head #120')).toBeInTheDocument();

    const down = screen.getByTestId('node-chain-node-local-4');
    expect(within(down).getByText('down')).toBeInTheDocument();
    expect(
      within(down).getByText('unreachable: connection refused (ECONNREFUSED)'),
    ).toBeInTheDocument();
    expect(
      within(down).getByRole('link', { name: 'Local chain node 4' }),
    ).toHaveAttribute('href', '/catalog/default/resource/chain-node-local-4');

    const lagging = screen.getByTestId('node-chain-node-local-3');
    expect(within(lagging).getByText('degraded')).toBeInTheDocument();
    expect(
      within(lagging).getByText(
        '96 blocks behind the chain head 120 (limit 5)',
      ),
    ).toBeInTheDocument();
    expect(within(lagging).getByText('24 (−96)')).toBeInTheDocument();

    const healthy = screen.getByTestId('node-chain-node-local-1');
    expect(within(healthy).getByText('healthy')).toBeInTheDocument();
    expect(within(healthy).getByText('n/a')).toBeInTheDocument();

    expect(
      screen.getByText(/Hetzner Cloud is not connected/),
    ).toBeInTheDocument();
  });

  it('shows the Hetzner reconciliation and its error in words', async () => {
    const api = {
      getFleet: jest.fn(async () => ({
        ...fleet,
        reconciliation: {
          enabled: true,
          error:
            'Hetzner API rejected the token (401 unauthorized: unable to authenticate)',
          onlyInHetzner: [
            {
              serverId: 103,
              name: 'chain-nbg1-1',
              chain: 'casino-mainnet',
              status: 'running',
            },
          ],
          onlyInCatalog: [
            { entityRef: 'resource:default/chain-old', serverId: 999 },
          ],
        },
      })),
      getNode: jest.fn(),
      getHistory: jest.fn(),
    };
    await renderInTestApp(<FleetPage />, {
      apis: [[chainNodesApiRef, api]],
      mountedRoutes,
    });
    expect(
      await screen.findByText(/rejected the token \(401/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /In Hetzner but not in the catalog: chain-nbg1-1 \(#103, casino-mainnet, running\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /In the catalog but not in Hetzner: resource:default\/chain-old \(#999\)/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a backend error instead of a blank page', async () => {
    const api = {
      getFleet: jest.fn(async () => {
        throw new Error('Request failed with 503 Service Unavailable');
      }),
      getNode: jest.fn(),
      getHistory: jest.fn(),
    };
    await renderInTestApp(<FleetPage />, {
      apis: [[chainNodesApiRef, api]],
      mountedRoutes,
    });
    expect(
      await screen.findByText(
        'Error: Request failed with 503 Service Unavailable',
        { selector: 'h6' },
      ),
    ).toBeInTheDocument();
  });

  it('says the catalog has no chain nodes instead of an empty page', async () => {
    const api = {
      getFleet: jest.fn(async () => ({ ...fleet, nodes: [] })),
      getNode: jest.fn(),
      getHistory: jest.fn(),
    };
    await renderInTestApp(<FleetPage />, {
      apis: [[chainNodesApiRef, api]],
      mountedRoutes,
    });
    expect(
      await screen.findByText('No chain nodes in the catalog'),
    ).toBeInTheDocument();
    expect(screen.queryAllByRole('region', { name: /^chain / })).toEqual([]);
  });

  it('keeps the last fleet on screen when a refresh fails, and says so', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const api = {
        getFleet: jest
          .fn()
          .mockResolvedValueOnce(fleet)
          .mockRejectedValue(new Error('Request failed with 502 Bad Gateway')),
        getNode: jest.fn(),
        getHistory: jest.fn(),
      };
      await renderInTestApp(<FleetPage />, {
        apis: [[chainNodesApiRef, api]],
        mountedRoutes,
      });
      await screen.findAllByRole('region', { name: /^chain / });
      await act(async () => {
        jest.advanceTimersByTime(10_000);
      });
      expect(
        await screen.findByText(/Refresh failed, showing the previous data/),
      ).toBeInTheDocument();
      expect(
        screen.getAllByRole('region', { name: /^chain / }).length,
      ).toBeGreaterThan(0);
      expect(api.getFleet).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it("flags a down node that Hetzner still bills and shows how old each node's block is", async () => {
    const [down, ...rest] = fleet.nodes;
    const api = {
      getFleet: jest.fn(async () => ({
        ...fleet,
        nodes: [
          {
            ...down,
            server: {
              ...down.server,
              source: 'hetzner-api' as const,
              serverId: 104,
              status: 'running',
            },
          },
          { ...rest[0], blockAgeSeconds: 420 },
          ...rest.slice(1),
        ],
      })),
      getNode: jest.fn(),
      getHistory: jest.fn(),
    };
    await renderInTestApp(<FleetPage />, {
      apis: [[chainNodesApiRef, api]],
      mountedRoutes,
    });
    const row = await screen.findByTestId('node-chain-node-local-4');
    expect(
      within(row).getByLabelText(
        'Billed while down: Hetzner server #104 (running) is charged whether it runs or not',
      ),
    ).toHaveTextContent('billed while down');
    const lagging = screen.getByTestId('node-chain-node-local-3');
    expect(within(lagging).getByText('7 min old')).toBeInTheDocument();
    expect(
      within(lagging).queryByText('billed while down'),
    ).not.toBeInTheDocument();
  });
});
