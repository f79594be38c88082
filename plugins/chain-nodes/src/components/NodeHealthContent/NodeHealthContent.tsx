import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ChainNodeHistoryWindow } from '@internal/plugin-chain-nodes-common';
import { HistoryWindowToggle, LocalTime } from '@internal/plugin-portal-react';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { chainNodesApiRef } from '../../api';
import { NodeCharts } from '../NodeCharts';
import { NodeStatusSummary } from '../NodeStatusCard';
import { StateChip } from '../StateChip';

const WINDOWS: ChainNodeHistoryWindow[] = ['1h', '24h', '7d', '30d'];

/** The "Node health" tab of a chain-node Resource: status, charts, events. */
export function NodeHealthContent() {
  const { entity } = useEntity();
  const api = useApi(chainNodesApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [window, setWindow] = useState<ChainNodeHistoryWindow>('1h');
  const details = useAsync(() => api.getNode(entityRef), [api, entityRef]);
  const history = useAsync(
    () => api.getHistory(entityRef, window),
    [api, entityRef, window],
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={5}>
        <InfoCard title="Current state">
          {details.loading && <Progress />}
          {details.error && <ResponseErrorPanel error={details.error} />}
          {details.value && <NodeStatusSummary details={details.value} />}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard
          title="History"
          action={
            <HistoryWindowToggle
              windows={WINDOWS}
              value={window}
              onChange={setWindow}
            />
          }
        >
          {history.loading && <Progress />}
          {history.error && <ResponseErrorPanel error={history.error} />}
          {history.value && (
            <NodeCharts
              points={history.value.points}
              long={window === '7d' || window === '30d'}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="State changes">
          {details.value && details.value.events.length === 0 && (
            <Typography color="text.secondary">
              No state changes recorded yet.
            </Typography>
          )}
          {details.value && details.value.events.length > 0 && (
            <Table size="small" aria-label="state changes">
              <TableHead>
                <TableRow>
                  <TableCell>When</TableCell>
                  <TableCell>Change</TableCell>
                  <TableCell>Reasons</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {details.value.events.map(e => (
                  <TableRow key={`${e.at}-${e.toState}`}>
                    <TableCell>
                      <LocalTime iso={e.at} />
                    </TableCell>
                    <TableCell>
                      <StateChip state={e.fromState} /> →{' '}
                      <StateChip state={e.toState} />
                    </TableCell>
                    <TableCell>{e.reasons.join('; ') || '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
