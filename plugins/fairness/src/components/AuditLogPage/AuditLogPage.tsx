import { Content, ContentHeader, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { GAMES, RoundQuery } from '@internal/plugin-fairness-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { FormEvent, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { fairnessApiRef } from '../../api';
import { describeError, downloadText } from '../download';
import { RoundsTable } from '../RoundsTable';
import { AnchorTransaction } from '../AnchorTransaction';
import { VerifyRangePanel } from '../VerifyRangePanel';
import { EvidencePackCard } from '../EvidencePackCard';
import { ScopeFields, ScopeForm, localToIso } from '../ScopeFields';

function TreeHeadSummary() {
  const api = useApi(fairnessApiRef);
  const { value, error } = useAsync(() => api.getTreeHeads(), [api]);
  const [saveError, setSaveError] = useState<Error>();
  if (error) return <Alert severity="error">{describeError(error)}</Alert>;
  if (!value) return null;
  const latest = value.items[0];
  return (
    <Card>
      <CardContent>
        <Typography variant="h6">Signed log</Typography>
        <Typography variant="body2">
          {latest ? (
            <>
              Latest signed tree head: {latest.treeSize} rounds, signed{' '}
              {new Date(latest.timestampMs).toISOString()}
              {latest.anchor && (
                <>
                  , anchored in{' '}
                  <AnchorTransaction txHash={latest.anchor.txHash} />
                </>
              )}
            </>
          ) : (
            'No tree head signed yet'
          )}
        </Typography>
        <Typography variant="body2">
          On-chain anchoring: {value.anchoring}
        </Typography>
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          Public key: <code>{value.verifierKey}</code>
        </Typography>
        {latest && (
          <Button
            size="small"
            sx={{ mt: 1 }}
            onClick={async () => {
              try {
                downloadText(
                  `checkpoint-${latest.treeSize}.txt`,
                  await api.getLatestCheckpoint(),
                );
              } catch (e) {
                setSaveError(e as Error);
              }
            }}
          >
            Save this checkpoint
          </Button>
        )}
        {saveError && (
          <Alert severity="error">{describeError(saveError)}</Alert>
        )}
      </CardContent>
    </Card>
  );
}

const PAGE_SIZE = 50;

/** Browse and search rounds (newest first), see the signed log, verify ranges. */
export function AuditLogPage() {
  const api = useApi(fairnessApiRef);
  const [form, setForm] = useState<RoundQuery & ScopeForm>({});
  // The query being shown and the `before` cursors of the pages seen so far.
  const [shown, setShown] = useState<{
    query: RoundQuery;
    cursors: Array<number | undefined>;
  }>({ query: {}, cursors: [undefined] });
  const [state, search] = useAsyncFn(
    (q: RoundQuery, before?: number) =>
      api.searchRounds({ ...q, before, limit: PAGE_SIZE }),
    [api],
  );
  // The landing view: the newest rounds.
  useEffect(() => {
    search({});
  }, [search]);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm(f => ({ ...f, [key]: e.target.value || undefined }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { fromLocal, toLocal, ...rest } = form;
    const query: RoundQuery = {
      ...rest,
      from: localToIso(fromLocal),
      to: localToIso(toLocal),
    };
    for (const key of Object.keys(query) as Array<keyof RoundQuery>) {
      if (query[key] === undefined) delete query[key];
    }
    setShown({ query, cursors: [undefined] });
    search(query);
  };
  const pageIndex = shown.cursors.length - 1;
  const goTo = (cursors: Array<number | undefined>) => {
    setShown(s => ({ ...s, cursors }));
    search(shown.query, cursors[cursors.length - 1]);
  };
  const page = state.value;
  const first = pageIndex * PAGE_SIZE + 1;

  return (
    <Content>
      <ContentHeader title="Provably-fair audit log" />
      <Stack spacing={2}>
        <TreeHeadSummary />
        <Card>
          <CardContent>
            <Typography variant="h6" gutterBottom>
              Rounds
            </Typography>
            <Stack
              component="form"
              direction={{ xs: 'column', md: 'row' }}
              spacing={2}
              onSubmit={submit}
              aria-label="search rounds"
              flexWrap="wrap"
              useFlexGap
              mb={1}
            >
              <TextField
                label="Round id (or its beginning)"
                size="small"
                value={form.roundIdPrefix ?? ''}
                onChange={set('roundIdPrefix')}
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
              <ScopeFields form={form} set={set} />
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
            {page && page.items.length === 0 && (
              <Typography mt={2}>No rounds match.</Typography>
            )}
            {page && page.items.length > 0 && (
              <>
                <RoundsTable
                  items={page.items}
                  signedTreeSize={page.signedTreeSize}
                />
                <Stack
                  direction="row"
                  spacing={2}
                  alignItems="center"
                  justifyContent="flex-end"
                  mt={1}
                >
                  <Typography variant="body2" role="status" aria-label="paging">
                    Rounds {first}–{first + page.items.length - 1} of{' '}
                    {page.total}, newest first
                  </Typography>
                  <Button
                    disabled={pageIndex === 0 || state.loading}
                    onClick={() => goTo(shown.cursors.slice(0, -1))}
                  >
                    Newer
                  </Button>
                  <Button
                    disabled={page.next === null || state.loading}
                    onClick={() => goTo([...shown.cursors, page.next!])}
                  >
                    Older
                  </Button>
                </Stack>
              </>
            )}
          </CardContent>
        </Card>
        <VerifyRangePanel initialSeed={form.serverSeedHash} />
        <EvidencePackCard />
      </Stack>
    </Content>
  );
}
