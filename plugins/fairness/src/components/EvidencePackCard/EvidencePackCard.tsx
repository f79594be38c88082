import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { EvidencePackQuery } from '@internal/plugin-fairness-common';
import { EvidencePackProgress, fairnessApiRef } from '../../api';
import { describeError, downloadText } from '../download';
import { ScopeFields, ScopeForm, localToIso } from '../ScopeFields';

type Form = ScopeForm & { playerId?: string };

/** Rounds in one pack: the backend's default page. */
const PAGE_ROUNDS = 1000;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What the pack's end record says about the rest of the scope. */
function readEnd(
  pack: string,
): { rounds: number; next: number | null } | undefined {
  const lines = pack.trimEnd().split('\n');
  try {
    const end = JSON.parse(lines[lines.length - 2]);
    return end?.type === 'end' ? end : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The regulator evidence pack: for a player, a game server or a time range,
 * every round with its recomputed outcome and inclusion proof, the seeds'
 * commit and reveal times and RTP per game, signed by the log; pages of at
 * most 1,000 rounds, and its readable summary.
 */
export function EvidencePackCard() {
  const api = useApi(fairnessApiRef);
  const [form, setForm] = useState<Form>({});
  const set = (key: keyof Form) => (e: { target: { value: string } }) =>
    setForm(f => ({ ...f, [key]: e.target.value || undefined }));
  const scope = (): EvidencePackQuery => ({
    playerId: form.playerId,
    gameServerId: form.gameServerId,
    from: localToIso(form.fromLocal),
    to: localToIso(form.toLocal),
  });
  const fileName = (q: EvidencePackQuery) =>
    `evidence-pack-${(q.playerId ?? q.gameServerId ?? q.from ?? 'range')
      .slice(0, 40)
      .replace(/[^A-Za-z0-9_.-]/g, '_')}${
      q.after === undefined ? '' : `-after-${q.after}`
    }`;

  const [progress, setProgress] = useState<EvidencePackProgress>();
  const [pack, download] = useAsyncFn(
    async (after?: number) => {
      const q = { ...scope(), after };
      setProgress({ bytes: 0, rounds: 0 });
      const text = await api.getEvidencePack(q, 'ndjson', {
        onProgress: setProgress,
      });
      downloadText(`${fileName(q)}.ndjson`, text, 'application/x-ndjson');
      return readEnd(text);
    },
    [api, form],
  );
  const [summary, downloadSummary] = useAsyncFn(async () => {
    const q = scope();
    downloadText(
      `${fileName(q)}.md`,
      await api.getEvidencePack(q, 'markdown'),
      'text/markdown',
    );
  }, [api, form]);
  const busy = pack.loading || summary.loading;
  const error = pack.error ?? summary.error;

  return (
    <Card>
      <CardContent>
        <Typography variant="h6">Regulator evidence pack</Typography>
        <Typography variant="body2" color="text.secondary" mb={2}>
          Every round of a player, a game server or a time range with its
          recomputed outcome, its inclusion in the published checkpoint, the
          seeds' commit and reveal times and RTP per game, signed by the log.
          Verify it offline with{' '}
          <code>fairness-verify pack &lt;file&gt; --policy &lt;policy&gt;</code>
          .
        </Typography>
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={2}
          flexWrap="wrap"
          useFlexGap
          component="form"
          aria-label="evidence pack scope"
          onSubmit={e => {
            e.preventDefault();
            download();
          }}
        >
          <TextField
            label="Player"
            size="small"
            value={form.playerId ?? ''}
            onChange={set('playerId')}
          />
          <ScopeFields form={form} set={set} />
          <Button type="submit" variant="contained" disabled={busy}>
            Download evidence pack
          </Button>
          <Button disabled={busy} onClick={() => downloadSummary()}>
            Download summary (Markdown)
          </Button>
        </Stack>
        {busy && (
          <Typography variant="body2" role="status" mt={1}>
            {pack.loading && progress && progress.bytes > 0
              ? `Receiving the pack: ${formatBytes(progress.bytes)}, ${
                  progress.rounds
                } of at most ${PAGE_ROUNDS.toLocaleString('en-US')} rounds…`
              : 'Building the pack…'}
          </Typography>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {describeError(error)}
          </Alert>
        )}
        {pack.value && (
          <Stack direction="row" spacing={2} alignItems="center" mt={1}>
            <Typography variant="body2" role="status">
              Downloaded {pack.value.rounds} round
              {pack.value.rounds === 1 ? '' : 's'}
              {pack.value.next === null
                ? '; that is every covered round of this scope.'
                : '; more rounds follow in the next pack.'}
            </Typography>
            {pack.value.next !== null && (
              <Button
                disabled={busy}
                onClick={() => download(pack.value!.next!)}
              >
                Download next pack
              </Button>
            )}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
