import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  ClusterHeadline,
  Fleet,
  GroupStat,
} from '@internal/plugin-node-mix-common';
import { act, screen, within } from '@testing-library/react';
import { nodeMixApiRef } from '../../api';
import { fleetRouteRef, rootRouteRef } from '../../routes';
import { FleetPage } from './FleetPage';

const group = (key: string, nodes: number, cost: number): GroupStat => ({
  key,
  nodes,
  vcpu: nodes * 8,
  memoryBytes: nodes * 32 * 2 ** 30,
  cpuAllocatable: nodes * 7.9,
  memoryAllocatable: nodes * 30 * 2 ** 30,
  cpuRequested: nodes * 4,
  memoryRequested: nodes * 16 * 2 ** 30,
  costPerHour: cost,
  costPerMonth: cost * 730,
  costIsLowerBound: false,
  unpricedNodes: 0,
});

const headline = (
  nodes: number,
  cost: number,
  arm: number,
  spot: number,
): ClusterHeadline => ({
  totals: group('total', nodes, cost),
  pods: nodes * 20,
  gravitonShare: { nodes: arm / nodes, vcpu: arm / nodes, cost: 0.5 },
  spotShare: { nodes: spot / nodes, vcpu: spot / nodes, cost: 0.3 },
  byArch: [
    group('arm64', arm, cost / 2),
    group('amd64', nodes - arm, cost / 2),
  ],
  byCapacityType: [
    group('spot', spot, cost / 3),
    group('on-demand', nodes - spot, (2 * cost) / 3),
  ],
  consolidation: {
    empty: 1,
    underutilized: 2,
    blocked: 1,
    consolidatableCostPerHour: 0.5,
  },
  nodeClaimIssues: { drifted: 0, expiring: 0, disrupted: 0 },
  warnings: 0,
});

const fleet: Fleet = {
  generatedAt: '2026-12-02T12:00:00Z',
  totals: {
    clusters: 3,
    clustersOk: 2,
    clustersFailing: 1,
    clustersWithoutData: 1,
    nodes: 420,
    pods: 8400,
    vcpu: 3360,
    memoryBytes: 0,
    costPerHour: 312.5,
    costIsLowerBound: false,
    warnings: 3,
  },
  byArch: [],
  byCapacityType: [],
  clusters: [
    {
      name: 'demo-eks-dev',
      title: 'EKS dev (demo)',
      source: 'config',
      demo: true,
      state: 'ok',
      dataAgeSeconds: 20,
      headline: headline(300, 200, 160, 165),
      warnings: [
        {
          cluster: 'demo-eks-dev',
          kind: 'nodepool-limit',
          message: "NodePool 'x86' is at 93 % of its limits",
        },
      ],
    },
    {
      name: 'demo-eks-prod',
      title: 'EKS prod (demo)',
      source: 'config',
      demo: true,
      state: 'ok',
      dataAgeSeconds: 15,
      headline: headline(120, 112.5, 85, 40),
      warnings: [
        {
          cluster: 'demo-eks-prod',
          kind: 'unschedulable',
          message: '2 pods the scheduler cannot place',
        },
      ],
    },
    {
      name: 'eks-catalog',
      source: 'catalog',
      demo: false,
      state: 'error',
      error: 'Cannot reach https://eks-catalog.example: ECONNREFUSED',
      warnings: [
        {
          cluster: 'eks-catalog',
          kind: 'unreachable',
          message: 'Cannot reach https://eks-catalog.example: ECONNREFUSED',
        },
      ],
    },
  ],
  problems: [
    "Ignoring kubernetes-cluster Resource 'eks-evil': API server 'https://attacker.example' is not on nodeMix.catalogClusters.allowedApiServers",
  ],
};

jest.setTimeout(30_000);

const render = (api: object) =>
  renderInTestApp(<FleetPage />, {
    apis: [[nodeMixApiRef, api as any]],
    mountedRoutes: { '/clusters': rootRouteRef, '/fleet': fleetRouteRef },
  });

describe('FleetPage', () => {
  it('shows every cluster, the failing one with its error in its own row', async () => {
    await render({ getFleet: jest.fn(async () => fleet) });

    const dev = await screen.findByTestId('fleet-row-demo-eks-dev');
    expect(
      within(dev).getByRole('link', { name: 'EKS dev (demo)' }),
    ).toHaveAttribute('href', '/clusters/demo-eks-dev');
    expect(within(dev).getByText('300')).toBeInTheDocument();
    expect(within(dev).getByText('$200.00')).toBeInTheDocument();
    expect(within(dev).getByText('53%')).toBeInTheDocument(); // 160/300 arm64

    const prod = screen.getByTestId('fleet-row-demo-eks-prod');
    expect(within(prod).getByText('120')).toBeInTheDocument();
    expect(within(prod).getByText('71%')).toBeInTheDocument(); // 85/120 arm64

    const broken = screen.getByTestId('fleet-row-eks-catalog');
    expect(within(broken).getByRole('alert')).toHaveTextContent(
      'Cannot reach https://eks-catalog.example: ECONNREFUSED',
    );
    expect(within(broken).getByText('catalog')).toBeInTheDocument();

    expect(screen.getByTestId('fleet-clusters')).toHaveTextContent(
      '3 (1 failing)',
    );
    expect(screen.getByTestId('fleet-nodes')).toHaveTextContent('420');
    expect(screen.getByTestId('fleet-cost')).toHaveTextContent('$312.50/h');
    expect(
      screen.getByText(/Totals leave out 1 cluster never read/),
    ).toBeInTheDocument();

    const warnings = screen.getByRole('table', { name: 'Warnings' });
    expect(within(warnings).getAllByRole('row')).toHaveLength(3);
    expect(
      within(warnings).getByText('2 pods the scheduler cannot place'),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 catalog cluster not read/)).toBeInTheDocument();
    expect(screen.getByLabelText('Architecture chart')).toBeInTheDocument();
    expect(screen.getByLabelText('Capacity type chart')).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/NaN|undefined/);
  });

  it('says when there are no clusters', async () => {
    await render({
      getFleet: jest.fn(async () => ({
        ...fleet,
        clusters: [],
        problems: [],
      })),
    });
    expect(await screen.findByText('No clusters')).toBeInTheDocument();
  });

  it('shows the error when the fleet cannot be read', async () => {
    await render({
      getFleet: jest.fn(async () => {
        throw new Error('node-mix is down');
      }),
    });
    expect(
      await screen.findByText('Error: node-mix is down'),
    ).toBeInTheDocument();
  });

  it('keeps the last fleet on screen when a refresh fails, and says so', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const getFleet = jest
        .fn()
        .mockResolvedValueOnce(fleet)
        .mockRejectedValue(new Error('node-mix is restarting'));
      await render({ getFleet });
      await screen.findByTestId('fleet-row-demo-eks-dev');
      await act(async () => {
        jest.advanceTimersByTime(30_000);
      });
      expect(
        await screen.findByText(/Refresh failed, showing the previous data/),
      ).toBeInTheDocument();
      expect(screen.getByTestId('fleet-row-demo-eks-dev')).toBeInTheDocument();
      expect(getFleet).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
