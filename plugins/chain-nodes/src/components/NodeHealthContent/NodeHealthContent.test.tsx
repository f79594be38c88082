import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ChainNodeHistory,
  ChainNodeHistoryWindow,
} from '@internal/plugin-chain-nodes-common';
import { chainNodesApiRef } from '../../api';
import { downDetails } from '../testData';
import { NodeHealthContent } from './NodeHealthContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'chain-node-local-4', namespace: 'default' },
  spec: { type: 'chain-node', owner: 'group:chains' },
};

describe('NodeHealthContent', () => {
  it('shows state, reasons, uptime, events and asks for the chosen history window', async () => {
    const api = {
      getFleet: jest.fn(),
      getNode: jest.fn(async () => downDetails),
      getHistory: jest.fn(
        async (
          _ref: string,
          window: ChainNodeHistoryWindow,
        ): Promise<ChainNodeHistory> => ({
          entityRef: 'resource:default/chain-node-local-4',
          window,
          points: [],
        }),
      ),
    };
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <NodeHealthContent />
      </EntityProvider>,
      { apis: [[chainNodesApiRef, api]] },
    );

    expect(
      await screen.findByRole('list', { name: 'reasons' }),
    ).toHaveTextContent('unreachable: connection refused (ECONNREFUSED)');
    expect(api.getNode).toHaveBeenCalledWith(
      'resource:default/chain-node-local-4',
    );
    expect(screen.getByText('Uptime 24 h').nextSibling).toHaveTextContent(
      /^0% of 37 min observed$/,
    );
    expect(screen.getByText('Uptime 7 d').nextSibling).toHaveTextContent(
      /^25.00%$/,
    );
    expect(screen.getByText('Uptime 30 d').nextSibling).toHaveTextContent(
      'no data',
    );
    expect(screen.getByText('Server status').nextSibling).toHaveTextContent(
      'not checked (no Hetzner token)',
    );

    const events = screen.getByRole('table', { name: 'state changes' });
    expect(within(events).getByText('healthy')).toBeInTheDocument();
    expect(within(events).getByText('down')).toBeInTheDocument();

    expect(
      await screen.findByText('No probes in this window yet.'),
    ).toBeInTheDocument();
    expect(api.getHistory).toHaveBeenLastCalledWith(
      'resource:default/chain-node-local-4',
      '1h',
    );
    await userEvent.click(screen.getByRole('button', { name: '7d' }));
    expect(api.getHistory).toHaveBeenLastCalledWith(
      'resource:default/chain-node-local-4',
      '7d',
    );
  });

  it('states uptime over the time observed: degraded for its whole 37-minute life is up, not healthy', async () => {
    const observed = {
      up: 1,
      healthy: 0,
      observedFrom: new Date(Date.now() - 37 * 60_000).toISOString(),
      observedSeconds: 37 * 60,
    };
    const api = {
      getFleet: jest.fn(),
      getNode: jest.fn(async () => ({
        ...downDetails,
        node: { ...downDetails.node, state: 'degraded' as const },
        uptime: { '24h': observed, '7d': observed, '30d': observed },
      })),
      getHistory: jest.fn(async () => ({
        entityRef: 'resource:default/chain-node-local-4',
        window: '1h' as const,
        points: [],
      })),
    };
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <NodeHealthContent />
      </EntityProvider>,
      { apis: [[chainNodesApiRef, api]] },
    );
    const day = (await screen.findByText('Uptime 24 h')).parentElement!;
    expect(day).toHaveTextContent('100% of 37 min observed');
    expect(day).toHaveTextContent('healthy 0%');
    expect(screen.getByText('Uptime 30 d').parentElement!).toHaveTextContent(
      '100% of 37 min observed',
    );
  });
});
