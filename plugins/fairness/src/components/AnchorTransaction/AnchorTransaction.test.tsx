import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { AnchorTransaction } from './AnchorTransaction';

jest.setTimeout(20_000);

describe('AnchorTransaction', () => {
  it('links the transaction to the configured explorer and names the chain', async () => {
    await renderInTestApp(
      <AnchorTransaction txHash="0xabc" chainId="11155111" />,
      {
        config: {
          fairness: {
            blockExplorer: {
              chainName: 'Ethereum Sepolia',
              transactionUrl: 'https://sepolia.etherscan.io/tx/{txHash}',
            },
          },
        },
      },
    );
    expect(screen.getByRole('link', { name: /^0xabc/ })).toHaveAttribute(
      'href',
      'https://sepolia.etherscan.io/tx/0xabc',
    );
    expect(screen.getByText(/on Ethereum Sepolia/)).toBeInTheDocument();
  });

  it('shows the hash and chain id without a link when no explorer is configured or it is not http(s)', async () => {
    await renderInTestApp(
      <AnchorTransaction txHash="0xdef" chainId="31337" />,
      {
        config: {
          fairness: {
            blockExplorer: {
              transactionUrl: 'ftp://explorer.example/{txHash}',
            },
          },
        },
      },
    );
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByText('0xdef')).toBeInTheDocument();
    expect(screen.getByText(/on chain 31337/)).toBeInTheDocument();
  });
});
