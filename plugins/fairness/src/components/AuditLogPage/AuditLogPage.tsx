import { Content, ContentHeader, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { GAMES } from '@internal/plugin-fairness-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { RoundQuery, fairnessApiRef } from '../../api';
import { describeError, formatMinor, formatResult } from '../download';
import { VerifyRangePanel } from '../VerifyRangePanel';

function TreeHeadSummary() {
  const api = useApi(fairnessApiRef);
  const { value, error } = useAsync(() => api.getTreeHeads(), [api]);
  if (error) return <Alert severity="error">{describeError(error)}</Alert>;
  if (!value) return null;
  const latest = value.items[0];
  return (
    <Card>
      <CardContent>
        <Typography variant="h6">Signed log</Typography>
        <Typography variant="body2">
          {latest
            ? `Latest signed tree head: ${
                latest.treeSize
              } rounds, signed ${new Date(latest.timestampMs).toISOString()}${
                latest.anchor ? `, anchored in ${latest.anchor.txHash}` : ''
              }`
            : 'No tree head signed yet'}
        </Typography>
        <Typography variant="body2">
          On-chain anchoring: {value.anchoring}
        </Typography>
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          Public key: <code>{value.verifierKey}</code>
        </Typography>
      </CardContent>
    </Card>
  );
}

/** Search rounds, see the signed log, verify ranges. */
export function AuditLogPage() {
  const api = useApi(fairnessApiRef);
  const [form, setForm] = useState<RoundQuery>({});
  const [state, search] = useAsyncFn(
    (q: RoundQuery) => api.searchRounds({ ...q, limit: 50 }),
    [api],
  );
  const set = (key: keyof RoundQuery) => (e: { target: { value: string } }) =>
    setForm(f => ({ ...f, [key]: e.target.value || undefined }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    search(form);
  };

  return (
    <Content>
      <ContentHeader title="Provably-fair audit log" />
      <Stack spacing={2}>
        <TreeHeadSummary />
        <Card>
          <CardContent>
            <Typography variant="h6" gutterBottom>
              Search rounds
            </Typography>
            <Stack
              component="form"
              direction={{ xs: 'column', md: 'row' }}
              spacing={2}
              onSubmit={submit}
              aria-label="search rounds"
            >
              <TextField
                label="Round id"
                size="small"
                value={form.roundId ?? ''}
                onChange={set('roundId')}
              />
              <TextField
                label="Player"
                size="small"
                value={form.playerId ?? ''}
                onChange={set('playerId')}
              />
              <TextField
                select
                label="Game"
                size="small"
                value={form.game ?? ''}
                onChange={set('game')}
                sx={{ minWidth: 120 }}
              >
                <MenuItem value="">any</MenuItem>
                {GAMES.map(g => (
                  <MenuItem key={g} value={g}>
                    {g}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                label="Server seed hash"
                size="small"
                value={form.serverSeedHash ?? ''}
                onChange={set('serverSeedHash')}
              />
              <Button type="submit" variant="contained">
                Search
              </Button>
            </Stack>
            {state.loading && <Progress />}
            {state.error && (
              <Alert severity="error">{describeError(state.error)}</Alert>
            )}
            {state.value && state.value.items.length === 0 && (
              <Typography mt={2}>No rounds match.</Typography>
            )}
            {state.value && state.value.items.length > 0 && (
              <Table size="small" aria-label="rounds">
                <TableHead>
                  <TableRow>
                    <TableCell>Leaf</TableCell>
                    <TableCell>Round</TableCell>
                    <TableCell>Game</TableCell>
                    <TableCell>Player</TableCell>
                    <TableCell>Nonce</TableCell>
                    <TableCell>Result</TableCell>
                    <TableCell>Wager</TableCell>
                    <TableCell>Payout</TableCell>
                    <TableCell>Played</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {state.value.items.map(r => (
                    <TableRow key={r.leafIndex}>
                      <TableCell>{r.leafIndex}</TableCell>
                      <TableCell>
                        <Link to={`rounds/${encodeURIComponent(r.roundId)}`}>
                          {r.roundId}
                        </Link>
                      </TableCell>
                      <TableCell>{r.game}</TableCell>
                      <TableCell>{r.playerId}</TableCell>
                      <TableCell>{r.nonce}</TableCell>
                      <TableCell>{formatResult(r.result)}</TableCell>
                      <TableCell>
                        {formatMinor(r.wagerMinor, r.currency)}
                      </TableCell>
                      <TableCell>
                        {formatMinor(r.payoutMinor, r.currency)}
                      </TableCell>
                      <TableCell>{r.playedAt}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
        <VerifyRangePanel initialSeed={form.serverSeedHash} />
      </Stack>
    </Content>
  );
}
