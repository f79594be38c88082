import { render, screen } from '@testing-library/react';
import { NodeClaimIssueChip } from './NodeClaimIssueChip';

describe('NodeClaimIssueChip', () => {
  it('colours disrupted as an error, drifted as a warning, expiring plain', () => {
    render(
      <>
        <NodeClaimIssueChip kind="disrupted" />
        <NodeClaimIssueChip kind="drifted" />
        <NodeClaimIssueChip kind="expiring" />
      </>,
    );
    const chip = (kind: string) => screen.getByText(kind).parentElement!;
    expect(chip('disrupted')).toHaveClass('MuiChip-colorError');
    expect(chip('drifted')).toHaveClass('MuiChip-colorWarning');
    expect(chip('expiring')).toHaveClass('MuiChip-colorDefault');
  });
});
