import { NodeRow } from '@internal/plugin-node-mix-common';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NodeTable } from './NodeTable';
import { withBrowserLayout } from '../../__testUtils__/browserLayout';

function rows(n: number): NodeRow[] {
  return Array.from({ length: n }, (_, i) => {
    const arch = i % 2 ? 'arm64' : 'amd64';
    const capacityType = i % 3 ? 'spot' : 'on-demand';
    return {
      name: `ip-10-0-${Math.floor(i / 256)}-${i % 256}.ec2.internal`,
      arch,
      capacityType,
      family: arch === 'arm64' ? 'm7g' : 'm6i',
      instanceType: arch === 'arm64' ? 'm7g.xlarge' : 'm6i.xlarge',
      nodePool: arch === 'arm64' ? 'graviton' : 'x86',
      zone: 'us-east-1a',
      labels: {
        'kubernetes.io/arch': arch,
        'karpenter.sh/capacity-type': capacityType,
        'karpenter.sh/nodepool': arch === 'arm64' ? 'graviton' : 'x86',
      },
      vcpu: 4,
      memoryBytes: 16 * 2 ** 30,
      cpuAllocatable: 3.92,
      memoryAllocatable: 15 * 2 ** 30,
      cpuRequested: (i % 10) / 4,
      memoryRequested: 2 ** 30,
      pods: i % 30,
      pricePerHour: i === 1 ? null : 0.1,
      priceSource: 'test',
      drifted: i === 0,
      disrupted: false,
      warnings: [],
    };
  });
}

jest.setTimeout(30_000);

describe('NodeTable', () => {
  withBrowserLayout();

  it('renders only the visible rows of 5,000 nodes', () => {
    render(<NodeTable rows={rows(5000)} />);
    expect(screen.getByTestId('node-count')).toHaveTextContent(
      '5000 of 5000 nodes',
    );
    const rendered = within(
      screen.getByRole('table', { name: 'Nodes' }),
    ).getAllByRole('row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    expect(screen.getAllByText('drifted')).toHaveLength(1);
    expect(screen.getByText('unknown')).toBeInTheDocument(); // no NaN for an unpriced node
    expect(document.body.textContent).not.toMatch(/NaN/);
  });

  it('filters to arm64 spot with the selects and by label text', async () => {
    const user = userEvent.setup({ delay: null });
    render(<NodeTable rows={rows(600)} />);
    await user.click(screen.getByLabelText('Architecture'));
    await user.click(screen.getByRole('option', { name: 'arm64' }));
    await user.click(screen.getByLabelText('Capacity type'));
    await user.click(screen.getByRole('option', { name: 'spot' }));
    // odd i, not divisible by 3: 200 of 600
    expect(screen.getByTestId('node-count')).toHaveTextContent(
      '200 of 600 nodes',
    );

    fireEvent.change(screen.getByLabelText('Label filter'), {
      target: { value: 'karpenter.sh/nodepool=x86' },
    });
    expect(
      await screen.findByText('No node matches these filters.'),
    ).toBeInTheDocument();
  });

  it('sorts by a column header and says which', async () => {
    const user = userEvent.setup({ delay: null });
    render(<NodeTable rows={rows(50)} />);
    const header = screen.getByRole('columnheader', { name: /Pods/ });
    await user.click(header);
    await user.click(header);
    expect(header).toHaveAttribute('aria-sort', 'descending');
    const first = within(
      screen.getByRole('table', { name: 'Nodes' }),
    ).getAllByRole('row')[1];
    expect(first).toHaveTextContent('29');
  });
});
