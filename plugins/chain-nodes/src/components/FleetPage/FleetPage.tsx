import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ChainNodeReconciliation,
  ChainNodeState,
  ChainNodeStatus,
} from '@internal/plugin-chain-nodes-common';
import {
  formatAgo,
  formatDuration,
  usePolledAsync,
} from '@internal/plugin-portal-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { chainNodesApiRef } from '../../api';
import { BilledWhileDown } from '../BilledWhileDown';
import { StateChip } from '../StateChip';
import { groupFleet } from './groupFleet';

const REFRESH_MS = 10_000;

function Counts(props: { nodes: ChainNodeStatus[] }) {
  const count = (state: ChainNodeState) =>
    props.nodes.filter(n => n.state === state).length;
  return (
    <Stack direction="row" spacing={3} aria-label="fleet summary">
      {(['down', 'degraded', 'healthy', 'unknown'] as const).map(state => (
        <Box key={state} display="flex" alignItems="center" gap={1}>
          <StateChip state={state} />
          <Typography variant="h6">{count(state)}</Typography>
        </Box>
      ))}
    </Stack>
  );
}

function Reconciliation(props: { reconciliation: ChainNodeReconciliation }) {
  const r = props.reconciliation;
  if (!r.enabled) {
    return (
      <Alert severity="info">
        Hetzner Cloud is not connected (no <code>chainNodes.hetzner.token</code>
        ): server facts come from the catalog annotations and nothing is
        reconciled.
      </Alert>
    );
  }
  return (
    <Stack spacing={1}>
      {r.error && (
        <Alert severity="warning">Hetzner inventory: {r.error}</Alert>
      )}
      {r.onlyInHetzner.length > 0 && (
        <Alert severity="warning">
          In Hetzner but not in the catalog:{' '}
          {r.onlyInHetzner
            .map(
              s =>
                `${s.name} (#${s.serverId}, ${s.chain ?? 'no chain label'}, ${
                  s.status
                })`,
            )
            .join(', ')}
        </Alert>
      )}
      {r.onlyInCatalog.length > 0 && (
        <Alert severity="warning">
          In the catalog but not in Hetzner:{' '}
          {r.onlyInCatalog
            .map(
              n =>
                `${n.entityRef}${
                  n.serverId ? ` (#${n.serverId})` : ' (no server id)'
                }`,
            )
            .join(', ')}
        </Alert>
      )}
      {!r.error && !r.onlyInHetzner.length && !r.onlyInCatalog.length && (
        <Alert severity="success">
          Catalog and Hetzner agree
          {r.checkedAt ? ` (checked ${formatAgo(r.checkedAt)})` : ''}.
        </Alert>
      )}
    </Stack>
  );
}

function NodeRow(props: { node: ChainNodeStatus }) {
  const { node } = props;
  const o = node.observation;
  return (
    <TableRow data-testid={`node-${node.name}`}>
      <TableCell>
        <EntityRefLink
          entityRef={node.entityRef}
          title={node.title ?? node.name}
        />
        <Typography variant="caption" display="block" color="text.secondary">
          {node.server.serverType ?? '—'} · {node.server.datacenter ?? '—'}
          {node.server.status ? ` · ${node.server.status}` : ''}
        </Typography>
      </TableCell>
      <TableCell>
        <StateChip state={node.state} />
        <Typography variant="caption" display="block" color="text.secondary">
          since {formatAgo(node.stateSince)}
        </Typography>
        <BilledWhileDown node={node} />
      </TableCell>
      <TableCell>
        {node.reasons.length ? (
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {node.reasons.map(r => (
              <li key={r}>{r}</li>
            ))}
          </Box>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell align="right">
        {o?.blockNumber ?? '—'}
        {node.blocksBehind !== undefined && node.blocksBehind > 0
          ? ` (−${node.blocksBehind})`
          : ''}
        {node.blockAgeSeconds !== undefined && (
          <Typography variant="caption" display="block" color="text.secondary">
            {formatDuration(node.blockAgeSeconds)} old
          </Typography>
        )}
      </TableCell>
      <TableCell align="right">
        {o?.peerCount === null ? 'n/a' : o?.peerCount ?? '—'}
      </TableCell>
      <TableCell align="right">
        {o?.latencyMs !== undefined ? `${o.latencyMs} ms` : '—'}
      </TableCell>
      <TableCell>{o?.clientVersion ?? '—'}</TableCell>
    </TableRow>
  );
}

/** The "Chain nodes" page: every node by chain and location, worst first. */
export function FleetPage() {
  const api = useApi(chainNodesApiRef);
  const { value, loading, error } = usePolledAsync(
    () => api.getFleet(),
    [api],
    REFRESH_MS,
  );

  if (!value && loading) return <Progress />;
  if (!value && error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  const groups = groupFleet(value.nodes);
  return (
    <Content>
      <Stack spacing={3}>
        <Counts nodes={value.nodes} />
        {error && (
          <WarningPanel
            severity="warning"
            title="Refresh failed, showing the previous data"
            message={error.message}
          />
        )}
        <Reconciliation reconciliation={value.reconciliation} />
        {groups.length === 0 && (
          <EmptyState
            missing="data"
            title="No chain nodes in the catalog"
            description="Resources with spec.type chain-node are listed here, by chain and location."
          />
        )}
        {groups.map(group => (
          <Card
            key={group.chain}
            component="section"
            aria-label={`chain ${group.chain}`}
          >
            <CardContent>
              <Typography variant="h5" component="h2">
                {group.chain}
                <Typography
                  component="span"
                  color="text.secondary"
                  sx={{ ml: 2 }}
                >
                  chain head{' '}
                  {value.chainHeads[group.chain] !== undefined
                    ? `#${value.chainHeads[group.chain]}`
                    : 'unknown'}
                </Typography>
              </Typography>
              {group.locations.map(location => (
                <Box key={location.location} mt={2}>
                  <Typography variant="h6" component="h3">
                    {location.location}
                  </Typography>
                  <Table
                    size="small"
                    aria-label={`${group.chain} nodes in ${location.location}`}
                  >
                    <TableHead>
                      <TableRow>
                        <TableCell>Node</TableCell>
                        <TableCell>State</TableCell>
                        <TableCell>Reasons</TableCell>
                        <TableCell align="right">Block</TableCell>
                        <TableCell align="right">Peers</TableCell>
                        <TableCell align="right">RPC latency</TableCell>
                        <TableCell>Client</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {location.nodes.map(node => (
                        <NodeRow key={node.entityRef} node={node} />
                      ))}
                    </TableBody>
                  </Table>
                </Box>
              ))}
            </CardContent>
          </Card>
        ))}
      </Stack>
    </Content>
  );
}
