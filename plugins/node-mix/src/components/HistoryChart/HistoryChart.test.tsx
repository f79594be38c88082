import { renderInTestApp } from '@backstage/frontend-test-utils';
import { HistoryPoint, HistoryWindow } from '@internal/plugin-node-mix-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { nodeMixApiRef } from '../../api';
import { HistoryChart, historyCoverage } from './HistoryChart';

const HOUR = 3_600_000;

function point(msAgo: number): HistoryPoint {
  return {
    at: new Date(Date.now() - msAgo).toISOString(),
    nodes: 10,
    vcpu: 40,
    memoryBytes: 160 * 2 ** 30,
    pods: 200,
    costPerHour: 1.5,
    costIsLowerBound: false,
    gravitonNodeShare: 0.5,
    spotNodeShare: 0.5,
    cpuRequestedShare: 0.6,
    byArch: { arm64: 5, amd64: 5 },
    byCapacityType: { spot: 5, 'on-demand': 5 },
  };
}

describe('historyCoverage', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  it('says how much of a longer window the history covers', () => {
    expect(historyCoverage('7d', '2026-12-02T09:00:00Z', now)).toMatch(
      /^History exists for 3 h of the 7 d window \(since /,
    );
    expect(historyCoverage('30d', '2026-11-25T12:00:00Z', now)).toMatch(
      /^History exists for 7 d of the 30 d window/,
    );
  });
  it('says nothing when the window is covered or empty', () => {
    expect(historyCoverage('24h', '2026-12-01T12:00:00Z', now)).toBeUndefined();
    expect(historyCoverage('7d', undefined, now)).toBeUndefined();
  });
});

describe('HistoryChart', () => {
  it('tells a 7 d view of a cluster read for 2 hours that it shows 2 hours', async () => {
    const api = {
      listClusters: jest.fn(),
      getCluster: jest.fn(),
      getNodes: jest.fn(),
      getHistory: jest.fn(async (_c: string, window: HistoryWindow) => ({
        cluster: 'demo',
        window,
        points: [point(2 * HOUR), point(HOUR), point(0)],
      })),
    };
    await renderInTestApp(<HistoryChart cluster="demo" />, {
      apis: [[nodeMixApiRef, api]],
    });
    // 24 h of a 2 h history is also partial, and says so.
    expect(
      await screen.findByText(/History exists for 2 h of the 24 h window/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '7d' }));
    expect(
      await screen.findByText(/History exists for 2 h of the 7 d window/),
    ).toBeInTheDocument();
    expect(api.getHistory).toHaveBeenLastCalledWith('demo', '7d');
  });
});
