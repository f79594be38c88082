import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  generateNoteKeys,
  parseSignerKey,
  signCheckpoint,
} from '@internal/plugin-fairness-common';
import { fairnessApiRef } from '../../api';
import { VerifyRangePanel } from './VerifyRangePanel';

const seed = 'ab'.repeat(32);

jest.setTimeout(20_000);

describe('VerifyRangePanel', () => {
  it('walks every page of a seed with a progress bar and lists the failures', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>(r => (release = r));
    const api = {
      verifyRange: jest
        .fn()
        .mockResolvedValueOnce({
          checked: 500,
          total: 700,
          treeSize: 900,
          failures: [],
          next: 499,
        })
        .mockImplementationOnce(async () => {
          await gate;
          return {
            checked: 200,
            total: 700,
            treeSize: 900,
            failures: [
              {
                leafIndex: 612,
                roundId: 'r-612',
                check: 'result',
                reason:
                  'recomputed dice result 3 differs from the recorded result 97',
              },
            ],
            next: null,
          };
        }),
    };
    await renderInTestApp(<VerifyRangePanel />, {
      apis: [[fairnessApiRef, api]],
    });
    fireEvent.change(screen.getByLabelText('Server seed hash'), {
      target: { value: seed },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));

    expect(
      await screen.findByText('500 of 700 rounds checked'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'verification progress' }),
    ).toHaveAttribute('aria-valuenow', '71');
    release();
    expect(
      await screen.findByText('700 of 700 rounds checked'),
    ).toBeInTheDocument();
    expect(screen.getByText(/✗ 1 failed check/)).toBeInTheDocument();
    expect(
      screen.getByText(
        "leaf 612 (round 'r-612'), result: recomputed dice result 3 differs from the recorded result 97",
      ),
    ).toBeInTheDocument();
    expect(api.verifyRange.mock.calls).toEqual([
      [{ serverSeedHash: seed, after: undefined, limit: 500 }],
      [{ serverSeedHash: seed, after: 499, limit: 500 }],
    ]);
  });

  it('confirms a clean range', async () => {
    const api = {
      verifyRange: jest.fn(async () => ({
        checked: 3,
        total: 3,
        treeSize: 9,
        notYetCovered: 0,
        pending: 0,
        failures: [],
        next: null,
      })),
    };
    await renderInTestApp(<VerifyRangePanel initialSeed={seed} />, {
      apis: [[fairnessApiRef, api]],
    });
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(
      await screen.findByText(/✓ All 3 rounds verified/),
    ).toBeInTheDocument();
  });

  it('shows rounds of a still-active seed as pending, not as failed checks', async () => {
    const api = {
      verifyRange: jest.fn(async () => ({
        checked: 20000,
        total: 20000,
        treeSize: 20000,
        notYetCovered: 0,
        pending: 20000,
        failures: [],
        next: null,
      })),
    };
    await renderInTestApp(<VerifyRangePanel initialSeed={seed} />, {
      apis: [[fairnessApiRef, api]],
    });
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(
      await screen.findByText(/⏳ 20000 of 20000 rounds pending/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/failed check/)).not.toBeInTheDocument();
    expect(screen.queryByText(/✓ All/)).not.toBeInTheDocument();
  });

  it('exports the consistency proof from a saved checkpoint and refuses text that is not one', async () => {
    const keys = generateNoteKeys('casino-platform.local/fairness-log');
    const note = signCheckpoint(
      {
        origin: 'casino-platform.local/fairness-log',
        treeSize: 130,
        rootHash: new Uint8Array(32).fill(7),
      },
      parseSignerKey(keys.signerKey),
    );
    const api = {
      exportEvidence: jest.fn(async () => ({ rounds: [] } as any)),
      verifyRange: jest.fn(),
    };
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:x'),
      revokeObjectURL: jest.fn(),
    });
    await renderInTestApp(<VerifyRangePanel initialSeed={seed} />, {
      apis: [[fairnessApiRef, api]],
    });
    const field = screen.getByLabelText('Saved checkpoint (optional)');
    fireEvent.change(field, { target: { value: 'hello\nworld' } });
    expect(
      screen.getByText(/^not a signed tree head: malformed checkpoint/),
    ).toBeInTheDocument();
    fireEvent.change(field, { target: { value: note } });
    expect(
      screen.getByText(
        /^Tree size 130: the export includes the consistency proof from it/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Export evidence' }),
    );
    expect(api.exportEvidence).toHaveBeenCalledWith({
      serverSeedHash: seed,
      consistencyFrom: 130,
    });
  });
});
