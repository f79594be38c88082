import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TreeHeadList } from '@internal/plugin-fairness-common';
import { fairnessApiRef } from '../../api';
import { round } from '../testData';
import { AuditLogPage } from './AuditLogPage';

jest.setTimeout(20_000);

describe('AuditLogPage', () => {
  it('searches rounds by player and links each to its round page', async () => {
    const api = {
      getTreeHeads: jest.fn(
        async (): Promise<TreeHeadList> => ({
          origin: 'casino-platform.local/fairness-log',
          verifierKey: 'casino-platform.local/fairness-log+86e53201+AUx2',
          anchoring: 'configured',
          witnessing: null,
          items: [
            {
              id: 3,
              treeSize: 40,
              rootHash: 'ef',
              timestampMs: Date.UTC(2026, 10, 27),
              note: 'o\n40\nroot\n\n— o sig\n',
              anchor: { chainId: '0x1', txHash: '0xabc', data: '0xdef' },
            },
          ],
        }),
      ),
      getLatestCheckpoint: jest.fn(async () => 'o\n40\nroot\n\n— o sig\n'),
      searchRounds: jest.fn(async () => ({
        items: [round],
        total: 1,
        signedTreeSize: 40,
        next: null,
      })),
      verifyRange: jest.fn(),
      exportEvidence: jest.fn(),
    };
    await renderInTestApp(<AuditLogPage />, { apis: [[fairnessApiRef, api]] });
    expect(
      (await screen.findByText(/Latest signed tree head: 40 rounds/))
        .parentElement,
    ).toHaveTextContent(
      'Latest signed tree head: 40 rounds, signed 2026-11-27T00:00:00.000Z, anchored in 0xabc',
    );

    fireEvent.change(
      within(
        screen.getByRole('form', { name: 'search rounds' }),
      ).getByLabelText('Player'),
      {
        target: { value: 'player-alice' },
      },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(api.searchRounds).toHaveBeenLastCalledWith({
      playerId: 'player-alice',
      limit: 50,
    });
    const table = await screen.findByRole('table', { name: 'rounds' });
    const row = within(table).getAllByRole('row')[1];
    expect(within(row).getByRole('link', { name: 'demo-1' })).toHaveAttribute(
      'href',
      '/rounds/demo-1',
    );
    expect(within(row).getByText('10.00 EUR')).toBeInTheDocument();
    expect(within(row).getByText('42.5')).toBeInTheDocument();

    // keep the current signed tree head for a later consistency check
    const createObjectURL = jest.fn(() => 'blob:checkpoint');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await userEvent.click(
      screen.getByRole('button', { name: 'Save this checkpoint' }),
    );
    expect(api.getLatestCheckpoint).toHaveBeenCalled();
    expect(createObjectURL).toHaveBeenCalledTimes(1);
  });

  it('lands on the newest rounds, pages with a total, marks unsigned rows and shows local times with UTC on hover', async () => {
    const newer = { ...round, roundId: 'demo-2', leafIndex: 41 };
    const api = {
      getTreeHeads: jest.fn(
        async (): Promise<TreeHeadList> => ({
          origin: 'o',
          verifierKey: 'k',
          anchoring: 'not configured',
          witnessing: null,
          items: [],
        }),
      ),
      searchRounds: jest
        .fn()
        .mockResolvedValueOnce({
          items: [newer],
          total: 2,
          signedTreeSize: 41,
          next: 41,
        })
        .mockResolvedValueOnce({
          items: [round],
          total: 2,
          signedTreeSize: 41,
          next: null,
        }),
      verifyRange: jest.fn(),
      exportEvidence: jest.fn(),
    };
    await renderInTestApp(<AuditLogPage />, { apis: [[fairnessApiRef, api]] });
    expect(
      await screen.findByRole('status', { name: 'paging' }),
    ).toHaveTextContent('Rounds 1–1 of 2, newest first');
    expect(api.searchRounds).toHaveBeenCalledWith({ limit: 50 });
    const table = screen.getByRole('table', { name: 'rounds' });
    const row = within(table).getAllByRole('row')[1];
    expect(within(row).getByText('not yet signed')).toBeInTheDocument();
    const time = row.querySelector('time')!;
    expect(time).toHaveAttribute('datetime', round.playedAt);
    expect(time).toHaveTextContent(new Date(round.playedAt).toLocaleString());
    expect(time).toHaveAttribute('aria-label', '2026-11-27 10:00:00.000 UTC');

    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(api.searchRounds).toHaveBeenLastCalledWith({
      before: 41,
      limit: 50,
    });
    expect(
      await screen.findByRole('status', { name: 'paging' }),
    ).toHaveTextContent('Rounds 51–51 of 2, newest first');
    const older = within(
      screen.getByRole('table', { name: 'rounds' }),
    ).getAllByRole('row')[1];
    expect(within(older).queryByText('not yet signed')).toBeNull();
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
  });
});
