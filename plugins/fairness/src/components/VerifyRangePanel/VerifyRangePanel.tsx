import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  EvidenceQuery,
  VerificationPage,
  parseCheckpoint,
} from '@internal/plugin-fairness-common';
import { useState } from 'react';
import { fairnessApiRef } from '../../api';
import { describeError, downloadJson } from '../download';

type Progress = {
  checked: number;
  total: number;
  /** Rounds whose server seed is still active: not failed, recomputed once revealed. */
  pending: number;
  /** Rounds newer than the signed tree head: inclusion checked once signed. */
  notYetCovered: number;
  failures: VerificationPage['failures'];
  done: boolean;
};

/** The tree size of a pasted signed tree head, an Error saying why not, or undefined when empty. */
export function savedCheckpointSize(note: string): number | Error | undefined {
  if (!note.trim()) return undefined;
  try {
    // The body ends at the blank line before the signatures.
    const normalized = note.replace(/\r\n/g, '\n');
    const body = normalized.slice(0, normalized.indexOf('\n\n') + 1);
    return parseCheckpoint(body || normalized).treeSize;
  } catch (e) {
    return new Error(`not a signed tree head: ${(e as Error).message}`);
  }
}

const toIso = (local: string) =>
  local ? new Date(local).toISOString() : undefined;

/** Verifies every round of a seed or a time range, page by page, with a progress bar. */
export function VerifyRangePanel(props: { initialSeed?: string }) {
  const api = useApi(fairnessApiRef);
  const [serverSeedHash, setSeed] = useState(props.initialSeed ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [progress, setProgress] = useState<Progress | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [running, setRunning] = useState(false);
  const [saved, setSaved] = useState('');
  const earlier = savedCheckpointSize(saved);

  const scope = (): EvidenceQuery => ({
    serverSeedHash: serverSeedHash.trim() || undefined,
    from: toIso(from),
    to: toIso(to),
  });

  const verify = async () => {
    setRunning(true);
    setError(undefined);
    let state: Progress = {
      checked: 0,
      total: 0,
      pending: 0,
      notYetCovered: 0,
      failures: [],
      done: false,
    };
    setProgress(state);
    try {
      for (let after: number | undefined = undefined; ; ) {
        const page: VerificationPage = await api.verifyRange({
          ...scope(),
          after,
          limit: 500,
        });
        state = {
          checked: state.checked + page.checked,
          total: page.total,
          pending: state.pending + page.pending,
          notYetCovered: state.notYetCovered + page.notYetCovered,
          failures: [...state.failures, ...page.failures],
          done: page.next === null,
        };
        setProgress(state);
        if (page.next === null) break;
        after = page.next;
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setRunning(false);
    }
  };

  const exportRange = async () => {
    try {
      const bundle = await api.exportEvidence({
        ...scope(),
        consistencyFrom: typeof earlier === 'number' ? earlier : undefined,
      });
      downloadJson(
        `fairness-evidence-${serverSeedHash.slice(0, 12) || 'range'}.json`,
        bundle,
      );
    } catch (e) {
      setError(e as Error);
    }
  };

  const percent =
    progress && progress.total > 0
      ? Math.round((100 * progress.checked) / progress.total)
      : 0;
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Verify a seed or a time range
        </Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} mb={2}>
          <TextField
            label="Server seed hash"
            value={serverSeedHash}
            onChange={e => setSeed(e.target.value)}
            size="small"
            sx={{ minWidth: 420 }}
          />
          <TextField
            label="From"
            type="datetime-local"
            value={from}
            onChange={e => setFrom(e.target.value)}
            size="small"
            InputLabelProps={{ shrink: true }}
          />
          <TextField
            label="To"
            type="datetime-local"
            value={to}
            onChange={e => setTo(e.target.value)}
            size="small"
            InputLabelProps={{ shrink: true }}
          />
          <Button
            variant="contained"
            onClick={verify}
            disabled={running || (!serverSeedHash.trim() && !from && !to)}
          >
            Verify
          </Button>
          <Button
            variant="outlined"
            onClick={exportRange}
            disabled={running || (!serverSeedHash.trim() && !from && !to)}
          >
            Export evidence
          </Button>
        </Stack>
        <TextField
          label="Saved checkpoint (optional)"
          value={saved}
          onChange={e => setSaved(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          size="small"
          error={earlier instanceof Error}
          helperText={
            earlier instanceof Error
              ? earlier.message
              : `${
                  typeof earlier === 'number'
                    ? `Tree size ${earlier}: the export includes the consistency proof from it. `
                    : ''
                }Paste a signed tree head you kept (Save this checkpoint, above): the evidence then proves the log still extends it — check with fairness-verify --earlier-checkpoint.`
          }
          sx={{ mb: 2 }}
        />
        {error && <Alert severity="error">{describeError(error)}</Alert>}
        {progress && (
          <Box>
            <LinearProgress
              variant="determinate"
              value={percent}
              aria-label="verification progress"
            />
            <Typography variant="body2" mt={1}>
              {progress.checked} of {progress.total} rounds checked
            </Typography>
            {progress.done &&
              progress.failures.length === 0 &&
              progress.pending === 0 &&
              progress.notYetCovered === 0 && (
                <Alert severity="success" sx={{ mt: 1 }}>
                  ✓ All {progress.checked} rounds verified: commitments match,
                  results recompute, every round is in the signed log.
                </Alert>
              )}
            {(progress.pending > 0 || progress.notYetCovered > 0) && (
              <Alert severity="info" sx={{ mt: 1 }}>
                ⏳ {progress.pending} of {progress.checked} rounds pending:
                their server seed is still active, so their results are
                recomputed once it is revealed (not a failure).
                {progress.notYetCovered > 0 &&
                  ` ${progress.notYetCovered} rounds are newer than the last signed tree head; their inclusion is checked once the next head is signed.`}
              </Alert>
            )}
            {progress.failures.length > 0 && (
              <Alert severity="error" sx={{ mt: 1 }}>
                ✗ {progress.failures.length} failed check
                {progress.failures.length === 1 ? '' : 's'}
                <ul>
                  {progress.failures.slice(0, 100).map(f => (
                    <li key={`${f.leafIndex}-${f.check}`}>
                      leaf {f.leafIndex}
                      {f.roundId ? ` (round '${f.roundId}')` : ''}, {f.check}:{' '}
                      {f.reason}
                    </li>
                  ))}
                </ul>
              </Alert>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
