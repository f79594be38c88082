import { render, screen } from '@testing-library/react';
import { LocalTime } from './LocalTime';

describe('LocalTime', () => {
  it('shows the local time, with UTC for hover and screen readers', () => {
    const iso = '2026-12-03T07:57:01.250Z';
    render(<LocalTime iso={iso} />);
    const time = screen.getByText(new Date(iso).toLocaleString());
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('datetime', iso);
    expect(time).toHaveAttribute('aria-label', '2026-12-03 07:57:01.250 UTC');
  });
});
