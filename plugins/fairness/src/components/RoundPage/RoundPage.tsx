import { Content, ContentHeader, Progress } from '@backstage/core-components';
import { discoveryApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  CheckStatus,
  checkPayout,
  combinedStatus,
} from '@internal/plugin-fairness-common';
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
import { GameDetailsTable } from '../GameDetails';
import { AnchorTransaction } from '../AnchorTransaction';
import { PayoutCard } from '../PayoutCard';
import { VerifyYourselfCard } from '../VerifyYourselfCard';
import { describeError, downloadJson, formatResult } from '../download';
import { saveReceipt } from './saveReceipt';

const HEADLINES: Record<CheckStatus, string> = {
  verified: '✓ This round verifies',
  pending:
    '⏳ Verified so far, pending: nothing failed; the checks marked ⏳ complete later (see why below)',
  failed: '✗ This round does not verify',
};

/** One round: its inputs, the recomputed result and the three checks. */
export function RoundPage() {
  const { roundId = '' } = useParams();
  const api = useApi(fairnessApiRef);
  const discovery = useApi(discoveryApiRef);
  const { value, loading, error } = useAsync(
    () => api.verifyRound(roundId),
    [api, roundId],
  );
  // For the recipe only: the page works without them.
  const recipe = useAsync(async () => {
    const [backendUrl, heads] = await Promise.all([
      discovery.getBaseUrl('fairness'),
      api.getTreeHeads().catch(() => undefined),
    ]);
    return { backendUrl, verifierKey: heads?.verifierKey };
  }, [api, discovery]);
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
  const downloadReceipt = async () => {
    try {
      saveReceipt(round.roundId, await api.getReceipt(round.roundId));
    } catch (e) {
      setExportError(e as Error);
    }
  };
  const payout = checkPayout(round);
  const status = combinedStatus([
    { ok: value.status === 'verified', pending: value.status === 'pending' },
    payout,
  ]);
  const rows: Array<[string, string]> = [
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
    [
      'Recomputed result',
      recomputed === null
        ? 'once the server seed is revealed'
        : formatResult(recomputed),
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
        <Button variant="outlined" onClick={downloadReceipt}>
          Download receipt
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
            <Typography variant="h6">{HEADLINES[status]}</Typography>
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
            <CheckRow
              testId="check-payout-summary"
              label="Payout matches the game's rules and multiplier table"
              {...payout}
            />
            {checks.inclusion.anchor && (
              <Typography variant="body2" color="text.secondary" pl={4}>
                On-chain anchor: {checks.inclusion.anchor.reason}
              </Typography>
            )}
            {treeHead?.anchor && (
              <Typography variant="body2" color="text.secondary" pl={4}>
                Anchor transaction:{' '}
                <AnchorTransaction
                  txHash={treeHead.anchor.txHash}
                  chainId={treeHead.anchor.chainId}
                />
              </Typography>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <Typography variant="h6">Game</Typography>
            <GameDetailsTable round={round} />
          </CardContent>
        </Card>
        <PayoutCard round={round} check={payout} />
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
        {recipe.value && (
          <VerifyYourselfCard
            verification={value}
            backendUrl={recipe.value.backendUrl}
            verifierKey={recipe.value.verifierKey}
          />
        )}
      </Stack>
    </Content>
  );
}
