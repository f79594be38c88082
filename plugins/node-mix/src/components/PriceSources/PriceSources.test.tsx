import { NodeRow, PricingInfo } from '@internal/plugin-node-mix-common';
import { render, screen } from '@testing-library/react';
import { NodePrice, PriceSources } from './PriceSources';

const NOW = Date.parse('2026-12-02T14:00:00Z');

const pricing: PricingInfo = {
  tableId: 'aws-ec2-ondemand-linux-2026-11',
  asOf: '2026-11-27',
  source: 'AWS EC2 On-Demand pricing, transcribed',
  regions: ['eu-central-1'],
  spotSource: 'spot price history',
  sources: [
    {
      capacityType: 'on-demand',
      nodes: 12,
      basis: {
        origin: 'aws-price-list',
        label: 'AWS Price List (eu-central-1)',
        asOf: '2026-12-02T11:00:00Z',
      },
    },
    {
      capacityType: 'spot',
      nodes: 1,
      basis: {
        origin: 'spot-price-history',
        label: 'spot price history, eu-central-1a',
        asOf: '2026-12-02T13:50:00Z',
        zone: 'eu-central-1a',
      },
    },
  ],
  overlays: [
    {
      name: 'graviton-on-demand-private-pricing',
      weight: 10,
      requirements: [
        { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
      ],
      priceAdjustment: '-8%',
    },
  ],
  discounts: [
    { name: 'Compute Savings Plan', rate: 0.28, capacityTypes: ['on-demand'] },
  ],
  listCostPerHour: 12.5,
};

const row: NodeRow = {
  name: 'ip-10-0-1-7',
  arch: 'arm64',
  capacityType: 'on-demand',
  family: 'm7g',
  instanceType: 'm7g.xlarge',
  nodePool: 'graviton',
  zone: 'eu-central-1a',
  labels: {},
  vcpu: 4,
  memoryBytes: 16 * 2 ** 30,
  cpuAllocatable: 3.92,
  memoryAllocatable: 15 * 2 ** 30,
  cpuRequested: 1.5,
  memoryRequested: 3 * 2 ** 30,
  pods: 2,
  pricePerHour: 0.18,
  listPricePerHour: 0.2,
  priceSource: 'on-demand: AWS Price List (eu-central-1)',
  priceBasis: {
    origin: 'aws-price-list',
    label: 'AWS Price List (eu-central-1)',
    asOf: '2026-12-02T11:00:00Z',
  },
  priceAdjustments: [
    {
      kind: 'node-overlay',
      name: 'graviton-edp',
      change: '-10%',
      perHourAfter: 0.18,
    },
  ],
  drifted: false,
  disrupted: false,
  warnings: [],
};

describe('PriceSources', () => {
  it('names each source with its age, the NodeOverlays, discounts and the list price', () => {
    render(<PriceSources pricing={pricing} now={NOW} />);
    expect(
      screen.getByText('AWS Price List (eu-central-1), 3 h ago'),
    ).toBeInTheDocument();
    expect(screen.getByText('on-demand · 12 nodes')).toBeInTheDocument();
    expect(
      screen.getByText('spot price history, eu-central-1a, 10 min ago'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/graviton-on-demand-private-pricing/).parentElement,
    ).toHaveTextContent('price adjustment -8% for arch In arm64');
    expect(
      screen.getByText('Compute Savings Plan').parentElement,
    ).toHaveTextContent('28% off on-demand');
    expect(screen.getByText(/List price \$12\.50\/h/)).toBeInTheDocument();
  });

  it('says the shipped table is an offline fallback, and why', () => {
    render(
      <PriceSources
        now={NOW}
        pricing={{
          ...pricing,
          overlays: [],
          discounts: [],
          listCostPerHour: undefined,
          sources: [
            {
              capacityType: 'on-demand',
              nodes: 3,
              basis: {
                origin: 'shipped-table',
                label: 'shipped table (2026-11-27), offline fallback',
                asOf: '2026-11-27',
                fallbackReason: 'AWS throttled GetProducts 5 times in a row',
              },
            },
          ],
        }}
      />,
    );
    expect(
      screen.getByText(
        'shipped table (2026-11-27), offline fallback (AWS throttled GetProducts 5 times in a row)',
      ),
    ).toBeInTheDocument();
  });
});

describe('NodePrice', () => {
  it('shows the effective price, the list price, what changed it and its source', () => {
    render(<NodePrice row={row} now={NOW} />);
    expect(screen.getByText('$0.180/h')).toBeInTheDocument();
    expect(
      screen.getByText(
        /list \$0\.200\/h: -10% \(NodeOverlay graviton-edp\) → \$0\.180\/h/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('AWS Price List (eu-central-1), 3 h ago'),
    ).toBeInTheDocument();
  });
});
