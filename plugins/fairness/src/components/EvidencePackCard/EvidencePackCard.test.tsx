import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EvidencePackQuery } from '@internal/plugin-fairness-common';
import { EvidencePackProgress, fairnessApiRef } from '../../api';
import { EvidencePackCard } from './EvidencePackCard';

jest.setTimeout(20_000);

const pack = (next: number | null) =>
  [
    '{"type":"header"}',
    '{"type":"round"}',
    `{"type":"end","rounds":1000,"next":${next},"notYetCovered":0}`,
    '{"type":"signature","note":"..."}',
    '',
  ].join('\n');

describe('EvidencePackCard', () => {
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:pack');
  beforeEach(() => {
    createObjectURL.mockClear();
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
  });

  it("downloads a player's pack, then the next page, and the summary", async () => {
    const api = {
      getEvidencePack: jest
        .fn()
        .mockResolvedValueOnce(pack(1234))
        .mockResolvedValueOnce(pack(null))
        .mockResolvedValueOnce('# Evidence pack'),
    };
    await renderInTestApp(<EvidencePackCard />, {
      apis: [[fairnessApiRef, api]],
    });
    fireEvent.change(screen.getByLabelText('Player'), {
      target: { value: 'player-7' },
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Download evidence pack' }),
    );
    expect(
      await screen.findByText(
        'Downloaded 1000 rounds; more rounds follow in the next pack.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Download next pack' }),
    );
    expect(
      await screen.findByText(
        'Downloaded 1000 rounds; that is every covered round of this scope.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Download summary (Markdown)' }),
    );
    expect(api.getEvidencePack.mock.calls).toEqual([
      [
        { playerId: 'player-7', after: undefined },
        'ndjson',
        { onProgress: expect.any(Function) },
      ],
      [
        { playerId: 'player-7', after: 1234 },
        'ndjson',
        { onProgress: expect.any(Function) },
      ],
      [{ playerId: 'player-7' }, 'markdown'],
    ]);
    expect(createObjectURL).toHaveBeenCalledTimes(3);
  });

  it('shows bytes and rounds received while a long pack streams', async () => {
    let finish: (text: string) => void = () => {};
    const api = {
      getEvidencePack: jest.fn(
        (
          _q: EvidencePackQuery,
          _f: string,
          options?: { onProgress?: (p: EvidencePackProgress) => void },
        ) =>
          new Promise<string>(resolve => {
            options?.onProgress?.({ bytes: 2.5 * 1024 * 1024, rounds: 340 });
            finish = resolve;
          }),
      ),
    };
    await renderInTestApp(<EvidencePackCard />, {
      apis: [[fairnessApiRef, api]],
    });
    fireEvent.change(screen.getByLabelText('Game server'), {
      target: { value: 'game-dice' },
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Download evidence pack' }),
    );
    expect(
      await screen.findByText(
        'Receiving the pack: 2.5 MB, 340 of at most 1,000 rounds…',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Download evidence pack' }),
    ).toBeDisabled();
    finish(pack(null));
    expect(
      await screen.findByText(
        'Downloaded 1000 rounds; that is every covered round of this scope.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Receiving the pack/)).not.toBeInTheDocument();
  });

  it("shows the backend's words when the scope is refused", async () => {
    const error = Object.assign(new Error('Request failed with 400'), {
      body: {
        error: {
          message: 'scope: give playerId, gameServerId, or both from and to',
        },
      },
    });
    const api = { getEvidencePack: jest.fn().mockRejectedValue(error) };
    await renderInTestApp(<EvidencePackCard />, {
      apis: [[fairnessApiRef, api]],
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Download evidence pack' }),
    );
    expect(
      await screen.findByText(
        'scope: give playerId, gameServerId, or both from and to',
      ),
    ).toBeInTheDocument();
    expect(createObjectURL).not.toHaveBeenCalled();
  });
});
