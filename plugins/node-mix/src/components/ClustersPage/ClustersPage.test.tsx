import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  ClusterHeadline,
  ClusterStatus,
  GroupStat,
} from '@internal/plugin-node-mix-common';
import { screen, within } from '@testing-library/react';
import { nodeMixApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { ClustersPage } from './ClustersPage';

const group = (
  key: string,
  nodes: number,
  cost: number,
  lowerBound = false,
): GroupStat => ({
  key,
  nodes,
  vcpu: nodes * 4,
  memoryBytes: nodes * 16 * 2 ** 30,
  cpuAllocatable: nodes * 3.9,
  memoryAllocatable: nodes * 15 * 2 ** 30,
  cpuRequested: nodes * 2,
  memoryRequested: nodes * 8 * 2 ** 30,
  costPerHour: cost,
  costPerMonth: cost * 730,
  costIsLowerBound: lowerBound,
  unpricedNodes: lowerBound ? 2 : 0,
});

const headline = (
  nodes: number,
  cost: number,
  lowerBound: boolean,
): ClusterHeadline => ({
  totals: group('total', nodes, cost, lowerBound),
  pods: nodes * 20,
  gravitonShare: { nodes: 0.6, vcpu: 0.65, cost: 0.5 },
  spotShare: { nodes: 0.5, vcpu: 0.48, cost: 0.3 },
  byArch: [group('arm64', nodes / 2, cost / 2)],
  byCapacityType: [group('spot', nodes / 2, cost / 3)],
  consolidation: {
    empty: 3,
    underutilized: 10,
    blocked: 4,
    consolidatableCostPerHour: 1.2,
  },
  nodeClaimIssues: { drifted: 2, expiring: 1, disrupted: 0 },
  bestSavings: {
    id: 'graviton-spot',
    label: 'x86 on-demand on Graviton spot',
    costPerHour: cost - 5,
    savingsPerHour: 5,
    savingsPerMonth: 3650,
    savingsPercent: 0.18,
    nodesMoved: 40,
    unpricedNodes: 0,
  },
  warnings: 0,
});

const clusters: ClusterStatus[] = [
  {
    name: 'demo-eks-dev',
    title: 'EKS dev (demo)',
    demo: true,
    kubernetesVersion: 'v1.34.1-demo',
    state: 'ok',
    lastSuccessAt: '2026-11-27T12:00:00Z',
    dataAgeSeconds: 20,
    headline: headline(300, 64.2, true),
  },
  {
    name: 'eks-prod',
    demo: false,
    state: 'error',
    error:
      "The cluster rejected the portal's credentials (401 Unauthorized) for /api/v1/nodes; check the service account token",
    lastSuccessAt: '2026-11-27T11:50:00Z',
    dataAgeSeconds: 600,
    headline: headline(1200, 250, false),
  },
  {
    name: 'eks-new',
    demo: false,
    state: 'error',
    error: 'Cannot reach https://eks-new: ENOTFOUND',
  },
];

/** The Clusters page over an API that lists `list`. */
const renderWith = (list: ClusterStatus[]) =>
  renderInTestApp(<ClustersPage />, {
    apis: [
      [
        nodeMixApiRef,
        {
          listClusters: jest.fn(async () => list),
          getCluster: jest.fn(),
          getNodes: jest.fn(),
          getHistory: jest.fn(),
        },
      ],
    ],
    mountedRoutes: { '/clusters': rootRouteRef },
  });

describe('ClustersPage', () => {
  it('shows a card per cluster: DEMO label, costs as lower bounds, errors with the age of the data', async () => {
    await renderWith(clusters);

    const dev = await screen.findByTestId('cluster-card-demo-eks-dev');
    expect(within(dev).getByText('DEMO')).toBeInTheDocument();
    // the state beside Backstage's status icon, as on the Fleet page
    expect(within(dev).getByTestId('status-ok')).toBeInTheDocument();
    expect(within(dev).getByText('ok')).toBeInTheDocument();
    expect(within(dev).getByText('≥ $64.20')).toBeInTheDocument();
    expect(
      within(dev).getByText(/Graviton 65% · spot 48% of vCPU/),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText(/save \$3,650\/month \(18%\)/),
    ).toBeInTheDocument();
    expect(within(dev).getByRole('link')).toHaveAttribute(
      'href',
      '/clusters/demo-eks-dev',
    );

    const prod = screen.getByTestId('cluster-card-eks-prod');
    expect(within(prod).queryByText('DEMO')).not.toBeInTheDocument();
    expect(within(prod).getByTestId('status-error')).toBeInTheDocument();
    expect(within(prod).getByRole('alert')).toHaveTextContent(
      "The cluster rejected the portal's credentials (401 Unauthorized) for /api/v1/nodes; check the service account token — showing the last good snapshot, 10 min old.",
    );
    expect(within(prod).getByText('$250.00')).toBeInTheDocument();

    const fresh = screen.getByTestId('cluster-card-eks-new');
    expect(within(fresh).getByRole('alert')).toHaveTextContent(
      'no snapshot of this cluster has been read yet',
    );
    expect(document.body.textContent).not.toMatch(/NaN|undefined/);
  });

  it('says how to add clusters when there are none', async () => {
    await renderWith([]);
    expect(await screen.findByText('No clusters')).toBeInTheDocument();
    expect(
      screen.getByText(/kubernetes\.clusterLocatorMethods in app-config/),
    ).toBeInTheDocument();
  });
});
