import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { fairnessApiRef } from '../../api';
import { round, verified } from '../testData';
import { RoundPage } from './RoundPage';

jest.setTimeout(30_000);

function renderPage(api: any) {
  return renderInTestApp(
    <Routes>
      <Route path="/fairness/rounds/:roundId" element={<RoundPage />} />
    </Routes>,
    {
      apis: [[fairnessApiRef, api]],
      initialRouteEntries: ['/fairness/rounds/demo-1'],
    },
  );
}

describe('RoundPage', () => {
  it('shows three passing checks with their reasons and exports evidence', async () => {
    const bundle = { format: 'fairness-evidence/v1', rounds: [] };
    const api = {
      verifyRound: jest.fn(async () => verified),
      exportEvidence: jest.fn(async () => bundle),
    };
    const createObjectURL = jest.fn(() => 'blob:evidence');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderPage(api);

    expect(
      await screen.findByText('✓ This round verifies'),
    ).toBeInTheDocument();
    expect(api.verifyRound).toHaveBeenCalledWith('demo-1');
    for (const label of [
      'Commitment matches the revealed server seed: passed',
      'Result recomputes from the seeds: passed',
      'Included in the latest signed tree head: passed',
    ]) {
      expect(screen.getByRole('status', { name: label })).toBeInTheDocument();
    }
    expect(
      screen.getByText(
        'leaf 17 is included in the signed tree head of size 40 (6-hash proof)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('On-chain anchor: anchoring is not configured'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Export evidence' }),
    );
    await waitFor(() =>
      expect(api.exportEvidence).toHaveBeenCalledWith({ roundId: 'demo-1' }),
    );
    expect(createObjectURL).toHaveBeenCalledTimes(1);
  });

  it('downloads the round receipt as a .tlog-proof file', async () => {
    const receipt = 'c2sp.org/tlog-proof@v1\nindex 17\n\ncheckpoint\n';
    const api = {
      verifyRound: jest.fn(async () => verified),
      getReceipt: jest.fn(async () => receipt),
    };
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:receipt';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const names: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        names.push(this.download);
      });
    await renderPage(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Download receipt' }),
    );
    await waitFor(() => expect(names).toEqual(['round-demo-1.tlog-proof']));
    expect(api.getReceipt).toHaveBeenCalledWith('demo-1');
    expect(await blobs[0].text()).toBe(receipt);
    click.mockRestore();
  });

  it('shows why a receipt is not available yet', async () => {
    const api = {
      verifyRound: jest.fn(async () => verified),
      getReceipt: jest.fn(async () => {
        throw Object.assign(new Error('409'), {
          body: {
            error: {
              message:
                "round 'demo-1' (leaf 17) is not covered by a signed checkpoint yet (size 0); its receipt is ready after the next tree head",
            },
          },
        });
      }),
    };
    await renderPage(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download receipt' }),
    );
    expect(
      await screen.findByText(/its receipt is ready after the next tree head/),
    ).toBeInTheDocument();
  });

  it('shows a failing check with the reason', async () => {
    const tampered = {
      ...verified,
      ok: false,
      status: 'failed',
      round: { ...round, result: 99.99 },
      checks: {
        ...verified.checks,
        result: {
          ok: false,
          reason:
            'recomputed dice result 42.5 differs from the recorded result 99.99',
        },
        inclusion: {
          ok: false,
          reason:
            'the round as stored now does not hash to leaf 17 of the signed tree head of size 40',
        },
      },
    };
    await renderPage({
      verifyRound: jest.fn(async () => tampered),
      exportEvidence: jest.fn(),
    });
    expect(
      await screen.findByText('✗ This round does not verify'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('status', {
        name: 'Commitment matches the revealed server seed: passed',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('status', {
        name: 'Result recomputes from the seeds: failed',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('status', {
        name: 'Included in the latest signed tree head: failed',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'recomputed dice result 42.5 differs from the recorded result 99.99',
      ),
    ).toBeInTheDocument();
  });

  it('shows a round of a still-active seed as pending, not failed', async () => {
    const pending = {
      ...verified,
      ok: false,
      status: 'pending',
      seed: { ...verified.seed!, serverSeed: null, revealedAt: null },
      recomputed: null,
      checks: {
        ...verified.checks,
        commitment: {
          ok: false,
          pending: true,
          reason: `server seed for commitment ${'ab'.repeat(
            32,
          )} is still active, not revealed yet`,
        },
        result: {
          ok: false,
          pending: true,
          reason: 'recomputed once the server seed is revealed',
        },
      },
    };
    await renderPage({
      verifyRound: jest.fn(async () => pending),
      exportEvidence: jest.fn(),
    });
    expect(
      await screen.findByText(/⏳ Verified so far, pending/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/does not verify/)).not.toBeInTheDocument();
    for (const label of [
      'Commitment matches the revealed server seed: pending',
      'Result recomputes from the seeds: pending',
      'Included in the latest signed tree head: passed',
    ]) {
      expect(screen.getByRole('status', { name: label })).toBeInTheDocument();
    }
    expect(
      screen.getByText(/still active, not revealed yet \(revealed when/),
    ).toBeInTheDocument();
  });

  it('renders the game per game, checks the payout against the table and shows a failed payout as failed', async () => {
    const plinko = {
      ...verified,
      round: {
        ...round,
        game: 'plinko' as const,
        gameParams: { rows: 16, risk: 'high' },
        result: { bucket: 6, multiplier: 0.2 },
        wagerMinor: 1800,
        payoutMinor: 720,
      },
    };
    await renderPage({
      verifyRound: jest.fn(async () => plinko),
      getTreeHeads: jest.fn(async () => ({ verifierKey: 'log+abc' })),
    });
    expect(
      await screen.findByText('✗ This round does not verify'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/\{"risk"/)).not.toBeInTheDocument();
    const game = screen.getByRole('table', { name: 'plinko round' });
    expect(game).toHaveTextContent('Rows16');
    expect(game).toHaveTextContent('Riskhigh');
    expect(game).toHaveTextContent('Bucket6 of 0–16 (pays 0.2×)');
    const payout = screen.getByRole('table', { name: 'payout' });
    expect(payout).toHaveTextContent('Stake18.00 EUR');
    expect(payout).toHaveTextContent('Multiplier by the plinko rules0.2×');
    expect(payout).toHaveTextContent(
      'Payout recorded7.20 EUR ≠ stake × multiplier',
    );
    expect(
      screen.getByRole('status', {
        name: "Payout matches the game's rules and multiplier table: failed",
      }),
    ).toHaveTextContent(
      'the high-risk 16-row table pays 0.2× in bucket 6; stake 18.00 EUR × 0.2 = 3.60 EUR, but the round paid 7.20 EUR',
    );
  });

  it('shows the dice bet, a checked payout, the proof hashes and a copyable recipe', async () => {
    await renderPage({
      verifyRound: jest.fn(async () => verified),
      getTreeHeads: jest.fn(async () => ({ verifierKey: "log+k'ey" })),
    });
    expect(
      await screen.findByText('✓ This round verifies'),
    ).toBeInTheDocument();
    const game = screen.getByRole('table', { name: 'dice round' });
    expect(game).toHaveTextContent('Betroll over 50.50');
    expect(game).toHaveTextContent('Roll42.50');
    expect(
      screen.getByRole('status', {
        name: "Payout matches the game's rules and multiplier table: passed",
      }),
    ).toHaveTextContent(
      'rolled 42.50: loss; stake 10.00 EUR × 0 = payout 0.00 EUR',
    );
    const proof = await screen.findByRole('table', { name: 'inclusion proof' });
    expect(proof).toHaveTextContent(`Proof hash 1${'01'.repeat(32)}`);
    expect(proof).toHaveTextContent(`Proof hash 2${'02'.repeat(32)}`);
    expect(proof).toHaveTextContent(
      `Signed root (tree size 40)${'ef'.repeat(32)}`,
    );
    // the snippet is syntax-highlighted: compare its text as a whole
    const recipe = await screen.findByTestId('verify-recipe');
    // the highlighter loads lazily
    await waitFor(() =>
      expect(recipe).toHaveTextContent(
        "node fairness-verify.cjs 'fairness-evidence-demo-1.json' --public-key @fairness-log.pub",
      ),
    );
    expect(recipe).toHaveTextContent("echo 'log+k'\\''ey' > fairness-log.pub");
    expect(recipe).toHaveTextContent(
      "'http://localhost:7007/api/fairness/evidence?roundId=demo-1'",
    );
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
  });

  it('explains a round that does not exist', async () => {
    await renderPage({
      verifyRound: jest.fn(async () =>
        Promise.reject(new Error("Unable to find round 'demo-1'")),
      ),
    });
    expect(
      await screen.findByText("Unable to find round 'demo-1'"),
    ).toBeInTheDocument();
  });
});
