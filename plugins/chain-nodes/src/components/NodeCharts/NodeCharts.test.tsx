import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ChainNodeHistoryPoint } from '@internal/plugin-chain-nodes-common';
import { screen } from '@testing-library/react';
import { NodeCharts } from './NodeCharts';

const at = (i: number) => new Date(Date.UTC(2026, 11, 2, 9, i)).toISOString();

describe('NodeCharts', () => {
  it('explains why a node that answered no probe has no charts, instead of three empty ones', async () => {
    const points: ChainNodeHistoryPoint[] = [0, 1, 2].map(i => ({
      at: at(i),
      blocksBehind: null,
      peerCount: null,
      latencyMs: null,
      healthyShare: 0,
    }));
    await renderInTestApp(<NodeCharts points={points} long={false} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      /the node answered none of its probes here \(it was down\)/,
    );
    expect(screen.queryAllByRole('figure')).toHaveLength(0);
  });

  it('says once that peers are not reported, and draws the series that have data', async () => {
    const points: ChainNodeHistoryPoint[] = [0, 1, 2].map(i => ({
      at: at(i),
      blocksBehind: i,
      peerCount: null,
      latencyMs: 5 + i,
      healthyShare: 1,
    }));
    await renderInTestApp(<NodeCharts points={points} long={false} />);
    expect(screen.getAllByRole('status')).toHaveLength(1);
    expect(screen.getByRole('status')).toHaveTextContent('Peers: not reported');
    expect(
      screen.getAllByRole('figure').map(f => f.getAttribute('aria-label')),
    ).toEqual(['Blocks behind chain head', 'RPC latency']);
  });
});
