import { renderInTestApp } from '@backstage/frontend-test-utils';
import { CostSummary, EntityCost } from '@internal/plugin-cost-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { costApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { CostPage } from './CostPage';
import { TeamCost } from '../TeamCost';
import { moneyTick, trendChartRows } from '../TeamCost/TrendChart';

// recharts measures its container; jsdom has none
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  return {
    ...actual,
    ResponsiveContainer: ({ children }: any) => (
      <div style={{ width: 600, height: 200 }}>{children}</div>
    ),
  };
});

const summary: CostSummary = {
  currency: 'USD',
  days: 30,
  from: '2026-10-29',
  to: '2026-11-27',
  total: 1_234_560_000,
  byTeam: [
    { key: 'group:default/mono', amount: 1_000_000_000, previous: 800_000_000 },
    { key: '__idle__', amount: 234_560_000, previous: 0 },
  ],
  byCluster: [{ key: 'demo-eks-dev', amount: 1_234_560_000 }],
  bySource: [{ key: 'kubernetes', amount: 1_234_560_000, previous: 0 }],
  byService: [],
  trend: [
    { date: '2026-11-26', amount: 40_000_000, demo: true },
    { date: '2026-11-27', amount: 41_000_000, demo: false },
  ],
  movers: [
    {
      team: 'group:default/mono',
      service: 'wallet',
      lastWeek: 300_000_000,
      previousWeek: 200_000_000,
      change: 100_000_000,
      changeRatio: 0.5,
    },
  ],
  restricted: false,
  demo: true,
  sources: [
    {
      id: 'kubernetes',
      title: 'Kubernetes compute',
      configured: true,
      detail: 'demo-eks-dev',
      demo: true,
      unpriced: { count: 2, byKind: { 'x1.32xlarge': 2 } },
    },
    {
      id: 'aws',
      title: 'AWS Cost Explorer',
      configured: false,
      detail: 'Set cost.aws',
      demo: false,
    },
  ],
};

const team: EntityCost = {
  entityRef: 'group:default/mono',
  kind: 'team',
  team: 'group:default/mono',
  currency: 'USD',
  days: 30,
  total: 1_000_000_000,
  previous: 800_000_000,
  byService: [{ key: 'wallet', amount: 1_000_000_000 }],
  bySource: [{ key: 'kubernetes', amount: 1_000_000_000 }],
  byCluster: [],
  trend: [],
  whatIf: [
    {
      scenario: 'graviton',
      label: 'x86 on-demand on Graviton on-demand',
      savingsPerMonth: 150_000_000,
      share: 0.15,
      asOf: '2026-11-27T10',
    },
  ],
  demo: false,
};

describe('CostPage', () => {
  it('shows the platform total, teams linking to their page, sources, unpriced nodes and movers', async () => {
    const api = {
      getSummary: jest.fn(async () => summary),
      getTeam: jest.fn(),
      getEntity: jest.fn(),
      getBudgets: jest.fn(),
    };
    await renderInTestApp(<CostPage />, {
      apis: [[costApiRef, api]],
      mountedRoutes: { '/cost': rootRouteRef },
    });
    expect(await screen.findByLabelText('platform total')).toHaveTextContent(
      '$1,235 platform total',
    );
    expect(api.getSummary).toHaveBeenCalledWith(30);
    // each panel is a card headed by its name
    for (const name of ['By team', 'By cluster', 'By source']) {
      expect(screen.getByRole('heading', { name })).toBeInTheDocument();
    }
    expect(
      screen.getByRole('heading', { name: /^Daily cost, / }),
    ).toBeInTheDocument();
    const teams = screen.getByRole('table', { name: 'cost by team' });
    expect(within(teams).getByRole('link', { name: 'mono' })).toHaveAttribute(
      'href',
      '/cost/teams/default/mono',
    );
    expect(within(teams).getByText('+25.0%')).toBeInTheDocument();
    // names never break mid-word ("list / en / ers" in a narrow panel)
    expect(
      getComputedStyle(
        within(teams).getByRole('link', { name: 'mono' }).closest('td')!,
      ).whiteSpace,
    ).toBe('nowrap');
    expect(
      within(teams).getByText('Idle (no pod requested it)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/2 unpriced \(x1.32xlarge × 2\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('AWS Cost Explorer: not configured'),
    ).toBeInTheDocument();
    expect(screen.getByText('Includes demo data')).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'biggest movers' })).getByText(
        'wallet',
      ),
    ).toBeInTheDocument();
  });

  it('asks for 90 days when the 90-day window is chosen', async () => {
    const api = {
      getSummary: jest.fn(async () => summary),
      getTeam: jest.fn(),
      getEntity: jest.fn(),
      getBudgets: jest.fn(),
    };
    await renderInTestApp(<CostPage />, {
      apis: [[costApiRef, api]],
      mountedRoutes: { '/cost': rootRouteRef },
    });
    await screen.findByLabelText('platform total');
    const window = screen.getByRole('group', { name: 'History window' });
    expect(
      within(window).getByRole('button', { name: '30 days' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(
      within(window).getByRole('button', { name: '90 days' }),
    );
    expect(api.getSummary).toHaveBeenLastCalledWith(90);
  });

  it('shows a team’s services and its savings what-if', async () => {
    await renderInTestApp(<TeamCost cost={team} />);
    expect(
      within(screen.getByRole('table', { name: 'services' })).getByText(
        'wallet',
      ),
    ).toBeInTheDocument();
    const whatIf = screen.getByRole('table', { name: 'savings what-if' });
    expect(within(whatIf).getByText('$150 / month')).toBeInTheDocument();
    expect(
      within(whatIf).getByText('15.0% of its compute'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('total cost')).toHaveTextContent('$1,000');
    expect(
      screen.getByText(/\+25\.0% vs the 30 days before/),
    ).toBeInTheDocument();
  });

  it('says "no full previous period" instead of a huge change, and shows what is shared and how', async () => {
    const api = {
      getSummary: jest.fn(async () => ({
        ...summary,
        byTeam: [
          // one demo day before the window began: +6670 % before
          {
            key: 'group:default/mono',
            amount: 1_000_000_000,
            previous: 14_770_000,
          },
        ],
        byService: [
          { key: 'shared/idle', team: 'group:default/mono', amount: 1 },
        ],
        movers: [
          {
            team: 'group:default/mono',
            service: 'shared/namespace/kube-system',
            lastWeek: 300_000_000,
            previousWeek: 0,
            change: 300_000_000,
            changeRatio: null,
          },
        ],
        previousComplete: false,
        sharing: {
          rule: 'proportional' as const,
          namespaces: ['kube-system', 'monitoring'],
          idle: true,
        },
      })),
      getTeam: jest.fn(),
      getEntity: jest.fn(),
      getBudgets: jest.fn(),
    };
    await renderInTestApp(<CostPage />, {
      apis: [[costApiRef, api]],
      mountedRoutes: { '/cost': rootRouteRef },
    });
    const teams = await screen.findByRole('table', { name: 'cost by team' });
    expect(
      within(teams).getByText('no full previous period'),
    ).toBeInTheDocument();
    expect(within(teams).queryByText(/%/)).toBeNull();
    expect(
      screen.getByText(
        /Shared cost: idle capacity and the namespaces kube-system, monitoring are split between the teams in proportion to their requested CPU and memory cost/,
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'biggest movers' })).getByText(
        'Shared: namespace kube-system',
      ),
    ).toBeInTheDocument();
  });

  it('labels the chart’s money axis with its ticks, not rounded to thousands', () => {
    expect(moneyTick(1350)).toBe('$1,350');
    expect(moneyTick(0)).toBe('$0');
  });

  it('marks today as a partial day on the chart, in its own hatched segment', async () => {
    const trend = [
      { date: '2026-11-25', amount: 39_000_000, demo: true },
      { date: '2026-11-26', amount: 40_000_000, demo: false },
      { date: '2026-11-27', amount: 12_000_000, demo: false, partialHours: 7 },
    ];
    const api = {
      getSummary: jest.fn(async () => ({ ...summary, trend })),
      getTeam: jest.fn(),
      getEntity: jest.fn(),
      getBudgets: jest.fn(),
    };
    await renderInTestApp(<CostPage />, {
      apis: [[costApiRef, api]],
      mountedRoutes: { '/cost': rootRouteRef },
    });
    expect(await screen.findByLabelText('partial day')).toHaveTextContent(
      '2026-11-27 is today (partial, 7 h): its cost so far, not a drop.',
    );
    // The partial day is not drawn as measured; its segment starts the day before.
    expect(trendChartRows(trend)).toEqual([
      { date: '11-25', measured: null, demo: 39, partial: null },
      { date: '11-26', measured: 40, demo: null, partial: 40 },
      { date: '11-27', measured: null, demo: null, partial: 12 },
    ]);
  });

  it('marks no partial day when the window ends with a full day', async () => {
    await renderInTestApp(
      <TeamCost cost={{ ...team, trend: summary.trend }} />,
    );
    expect(await screen.findByLabelText('total cost')).toBeInTheDocument();
    expect(screen.queryByLabelText('partial day')).toBeNull();
    expect(trendChartRows(summary.trend).map(r => r.partial)).toEqual([
      null,
      null,
    ]);
  });

  it('links cluster rows to the cluster page and movers to a per-service cost page', async () => {
    const service: EntityCost = {
      ...team,
      entityRef: 'wallet',
      kind: 'service',
      service: 'wallet',
      whatIf: [],
    };
    const api = {
      getSummary: jest.fn(async () => summary),
      getTeam: jest.fn(),
      getEntity: jest.fn(),
      getService: jest.fn(async () => service),
      getBudgets: jest.fn(),
    };
    await renderInTestApp(<CostPage />, {
      apis: [[costApiRef, api]],
      mountedRoutes: { '/cost': rootRouteRef },
    });
    const clusters = await screen.findByRole('table', {
      name: 'cost by cluster',
    });
    expect(
      within(clusters).getByRole('link', { name: 'demo-eks-dev' }),
    ).toHaveAttribute('href', '/clusters/demo-eks-dev');
    const wallet = within(
      screen.getByRole('table', { name: 'biggest movers' }),
    ).getByRole('link', { name: 'wallet' });
    expect(wallet).toHaveAttribute('href', '/cost/services/wallet');
  });

  it('shows one service’s cost on its own page', async () => {
    const service: EntityCost = {
      ...team,
      entityRef: 'wallet',
      kind: 'service',
      service: 'wallet',
      whatIf: [],
    };
    const api = {
      getSummary: jest.fn(),
      getTeam: jest.fn(),
      getEntity: jest.fn(),
      getService: jest.fn(async () => service),
      getBudgets: jest.fn(),
    };
    await renderInTestApp(<CostPage />, {
      apis: [[costApiRef, api]],
      initialRouteEntries: ['/services/wallet'],
    });
    expect(
      await screen.findByRole('heading', { name: 'Cost of service wallet' }),
    ).toBeInTheDocument();
    expect(api.getService).toHaveBeenCalledWith('wallet', 30);
    expect(screen.getByLabelText('total cost')).toHaveTextContent('$1,000');
    expect(screen.getByText('team mono')).toBeInTheDocument();
  }, 30_000);
});
