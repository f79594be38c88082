import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HistoryWindowToggle } from './HistoryWindowToggle';

const WINDOWS = ['1h', '24h', '7d', '30d'] as const;

describe('HistoryWindowToggle', () => {
  it('offers each window and reports the one chosen', async () => {
    const onChange = jest.fn();
    render(
      <HistoryWindowToggle windows={WINDOWS} value="1h" onChange={onChange} />,
    );
    const group = screen.getByRole('group', { name: 'History window' });
    expect(
      within(group)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['1h', '24h', '7d', '30d']);
    expect(within(group).getByRole('button', { name: '1h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await userEvent.click(screen.getByRole('button', { name: '7d' }));
    expect(onChange).toHaveBeenCalledWith('7d');
  });

  it('keeps the chosen window when it is clicked again', async () => {
    const onChange = jest.fn();
    render(
      <HistoryWindowToggle windows={WINDOWS} value="24h" onChange={onChange} />,
    );
    await userEvent.click(screen.getByRole('button', { name: '24h' }));
    expect(onChange).not.toHaveBeenCalled();
  });

  it('takes numeric windows with labels of their own', async () => {
    const onChange = jest.fn();
    render(
      <HistoryWindowToggle
        windows={[30, 90]}
        value={30}
        onChange={onChange}
        formatWindow={d => `${d} days`}
      />,
    );
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await userEvent.click(screen.getByRole('button', { name: '90 days' }));
    expect(onChange).toHaveBeenCalledWith(90);
  });
});
