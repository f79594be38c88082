import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { PendingPods } from './PendingPods';

const NOW = Date.parse('2026-12-02T12:00:00Z');

describe('PendingPods', () => {
  it("lists each pending pod with how long it waits and the scheduler's words", async () => {
    await renderInTestApp(
      <PendingPods
        now={NOW}
        pending={{
          total: 60,
          unschedulable: 59,
          items: [
            {
              namespace: 'games',
              name: 'dice-6',
              since: '2026-12-02T11:40:00Z',
              reason: 'Unschedulable',
              message: '0/3 nodes are available: 3 Insufficient cpu.',
            },
            {
              namespace: 'games',
              name: 'dice-8',
              since: '2026-12-02T11:59:30Z',
            },
          ],
        }}
      />,
    );
    const card = screen.getByRole('region', { name: 'Pending pods' });
    expect(within(card).getByText('Pending pods: 60')).toBeInTheDocument();
    expect(
      within(card).getByText('59 unschedulable · oldest 2 shown'),
    ).toBeInTheDocument();
    const [, first, second] = within(card).getAllByRole('row');
    expect(first).toHaveTextContent(
      'games/dice-620 minUnschedulable: 0/3 nodes are available: 3 Insufficient cpu.',
    );
    expect(second).toHaveTextContent(
      'games/dice-830 snot looked at by the scheduler yet',
    );
  });

  it('shows nothing while every pod is placed', async () => {
    await renderInTestApp(
      <div data-testid="host">
        <PendingPods pending={{ total: 0, unschedulable: 0, items: [] }} />
        <PendingPods pending={undefined} />
      </div>,
    );
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
  });
});
