import { render, screen } from '@testing-library/react';
import { DemoChip } from './DemoChip';

describe('DemoChip', () => {
  it('labels demo data DEMO and says where it comes from on hover', () => {
    render(<DemoChip show title="Simulated cluster" />);
    expect(screen.getByText('DEMO')).toBeInTheDocument();
    expect(screen.getByTitle('Simulated cluster')).toHaveTextContent('DEMO');
  });

  it('takes a longer label', () => {
    render(<DemoChip show label="Includes demo data" title="Backfilled" />);
    expect(screen.getByText('Includes demo data')).toBeInTheDocument();
  });

  it('renders nothing for real data', () => {
    const { container } = render(<DemoChip show={false} title="Simulated" />);
    expect(container).toBeEmptyDOMElement();
  });
});
