import { Content, ContentHeader, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { CheckStatus } from '@internal/plugin-fairness-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { fairnessApiRef } from '../../api';
import { CheckRow } from '../CheckRow';
import {
  describeError,
  downloadJson,
  formatMinor,
  formatResult,
} from '../download';

const HEADLINES: Record<CheckStatus, string> = {
  verified: '✓ This round verifies',
  pending:
    '⏳ Verified so far, pending: nothing failed; the rest is checked once the server seed is revealed',
  failed: '✗ This round does not verify',
};

/** One round: its inputs, the recomputed result and the three checks. */
export function RoundPage() {
  const { roundId = '' } = useParams();
  const api = useApi(fairnessApiRef);
  const { value, loading, error } = useAsync(
    () => api.verifyRound(roundId),
    [api, roundId],
  );
  const [exportError, setExportError] = useState<Error>();

  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Content>
        <Alert severity="error">
          {error ? describeError(error) : 'not found'}
        </Alert>
      </Content>
    );
  }
  const { round, checks, seed, treeHead, recomputed } = value;
  const exportEvidence = async () => {
    try {
      downloadJson(
        `fairness-evidence-${round.roundId}.json`,
        await api.exportEvidence({ roundId: round.roundId }),
      );
    } catch (e) {
      setExportError(e as Error);
    }
  };
  const rows: Array<[string, string]> = [
    [
      'Game',
      `${round.game}${
        Object.keys(round.gameParams).length
          ? ` ${JSON.stringify(round.gameParams)}`
          : ''
      }`,
    ],
    ['Player', round.playerId],
    ['Game server', round.gameServerId],
    ['Server seed commitment', round.serverSeedHash],
    [
      'Server seed',
      seed?.serverSeed ??
        'still active, not revealed yet (revealed when the seed pair is rotated)',
    ],
    ['Client seed', round.clientSeed],
    ['Nonce', String(round.nonce)],
    ['Recorded result', formatResult(round.result)],
    ['Recomputed result', recomputed === null ? '—' : formatResult(recomputed)],
    [
      'Wager / payout',
      `${formatMinor(round.wagerMinor, round.currency)} / ${formatMinor(
        round.payoutMinor,
        round.currency,
      )}`,
    ],
    ['Played at', round.playedAt],
    [
      'Leaf',
      `${round.leafIndex} of ${treeHead?.treeSize ?? '?'} (leaf hash ${
        round.leafHash
      })`,
    ],
  ];
  return (
    <Content>
      <ContentHeader title={`Round ${round.roundId}`}>
        <Button component={Link} to="../.." relative="path">
          Back to the log
        </Button>
        <Button variant="contained" onClick={exportEvidence}>
          Export evidence
        </Button>
      </ContentHeader>
      <Stack spacing={2}>
        {exportError && (
          <Alert severity="error">{describeError(exportError)}</Alert>
        )}
        <Card>
          <CardContent>
            <Typography variant="h6">{HEADLINES[value.status]}</Typography>
            <CheckRow
              testId="check-commitment"
              label="Commitment matches the revealed server seed"
              {...checks.commitment}
            />
            <CheckRow
              testId="check-result"
              label="Result recomputes from the seeds"
              {...checks.result}
            />
            <CheckRow
              testId="check-inclusion"
              label="Included in the latest signed tree head"
              {...checks.inclusion}
            />
            {checks.inclusion.anchor && (
              <Typography variant="body2" color="text.secondary" pl={4}>
                On-chain anchor: {checks.inclusion.anchor.reason}
              </Typography>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <Typography variant="h6">Inputs</Typography>
            <Table size="small" aria-label="round inputs">
              <TableBody>
                {rows.map(([k, v]) => (
                  <TableRow key={k}>
                    <TableCell component="th">{k}</TableCell>
                    <TableCell sx={{ wordBreak: 'break-all' }}>{v}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      </Stack>
    </Content>
  );
}
