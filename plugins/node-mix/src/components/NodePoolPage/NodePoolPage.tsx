import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  formatBytes,
  formatShare,
  formatUsd,
  NodePoolDetail,
} from '@internal/plugin-node-mix-common';
import { LocalTime } from '@internal/plugin-portal-react';
import { formatMoney, unitsToMicros } from '@internal/pricing';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { nodeMixApiRef } from '../../api';
import { clusterRouteRef } from '../../routes';
import { KarpenterSays, PortalSays } from '../KarpenterReasons';
import { NodeClaimIssueChip } from '../NodeClaimIssueChip';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];
const SHOWN = 50;

function limitColor(share: number): 'error' | 'warning' | 'primary' {
  if (share >= 0.95) return 'error';
  return share >= 0.8 ? 'warning' : 'primary';
}

function budgetNow(b: NodePoolDetail['budgets'][number]): string {
  if (b.active === null) return 'schedule unreadable: allows none';
  return b.active ? `active: ${b.nodesAllowed} nodes at once` : 'not active';
}

function Usage(props: {
  label: string;
  used: string;
  limit: string;
  share: number | null;
}) {
  return (
    <Box>
      <Typography variant="body2">
        {props.label}: {props.used} of {props.limit}
        {props.share !== null ? ` (${formatShare(props.share)})` : ''}
      </Typography>
      {props.share !== null && (
        <LinearProgress
          variant="determinate"
          value={Math.min(100, props.share * 100)}
          color={limitColor(props.share)}
          aria-label={`${props.label} limit use ${formatShare(props.share)}`}
        />
      )}
    </Box>
  );
}

function CostAndLimits(props: { d: NodePoolDetail }) {
  const { d } = props;
  const u = d.usage;
  return (
    <InfoCard title="Cost and limits">
      <Stack spacing={1.5}>
        <Typography variant="h5" aria-label="Cost per hour">
          {formatUsd(d.costPerHour, d.unpricedNodes > 0)}/h
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {d.nodes.length} nodes; what Karpenter reports as
          karpenter_nodepools_cost_total (the sum of its NodeClaims' offering
          prices), priced with the portal's prices
          {d.unpricedNodes > 0
            ? `; ${d.unpricedNodes} nodes without a price are left out`
            : ''}
          .
        </Typography>
        {u ? (
          <>
            <Usage
              label="CPU"
              used={`${u.cpuUsed} vCPU`}
              limit={u.cpuLimit === null ? 'no limit' : `${u.cpuLimit} vCPU`}
              share={u.cpuLimit ? u.cpuUsed / u.cpuLimit : null}
            />
            <Usage
              label="Memory"
              used={formatBytes(u.memoryUsed)}
              limit={
                u.memoryLimit === null ? 'no limit' : formatBytes(u.memoryLimit)
              }
              share={u.memoryLimit ? u.memoryUsed / u.memoryLimit : null}
            />
          </>
        ) : (
          <Typography variant="body2" color="text.secondary">
            The last read has no usage for this NodePool.
          </Typography>
        )}
        <Typography variant="body2">
          Consolidation: <b>{d.consolidationPolicy ?? 'unknown'}</b> after{' '}
          {d.consolidateAfter ?? 'unknown'}
          {d.consolidationPolicy === 'Balanced'
            ? ' (a move must score at least 1/k = 0.50: its share of the pool’s savings over its share of the pool’s disruption)'
            : ''}
        </Typography>
      </Stack>
    </InfoCard>
  );
}

function MixPie(props: {
  title: string;
  groups: NodePoolDetail['mix']['zone'];
}) {
  return (
    <Box height={200} aria-label={`${props.title} chart`}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <ResponsiveContainer>
        <PieChart>
          <Pie
            data={props.groups}
            dataKey="nodes"
            nameKey="key"
            innerRadius={35}
            outerRadius={65}
            isAnimationActive={false}
            label={(e: any) => `${e.key} ${e.nodes}`}
          >
            {props.groups.map((g, i) => (
              <Cell key={g.key} fill={COLORS[i % COLORS.length]} />
            ))}
          </Pie>
          <Tooltip
            formatter={(v: any, _n: any, item: any) => [
              `${v} nodes, ${formatUsd(item.payload.costPerHour)}/h`,
              item.payload.key,
            ]}
          />
        </PieChart>
      </ResponsiveContainer>
    </Box>
  );
}

function Mix(props: { d: NodePoolDetail }) {
  const { mix } = props.d;
  return (
    <InfoCard
      title="Mix"
      subheader="Nodes by capacity type, zone and instance type"
    >
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <MixPie title="Capacity type" groups={mix.capacityType} />
        </Grid>
        <Grid item xs={12} md={4}>
          <MixPie title="Zone" groups={mix.zone} />
        </Grid>
        <Grid item xs={12} md={4}>
          <Box height={200} aria-label="Instance type chart">
            <Typography variant="subtitle2">Instance type ($/h)</Typography>
            <ResponsiveContainer>
              <BarChart data={mix.instanceType.slice(0, 12)}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis
                  dataKey="key"
                  interval={0}
                  angle={-35}
                  textAnchor="end"
                  height={56}
                  tick={{ fontSize: 11 }}
                />
                <YAxis
                  tickFormatter={(v: number) =>
                    formatMoney(unitsToMicros(v), 'USD', { fractionDigits: 2 })
                  }
                />
                <Tooltip
                  formatter={(v: any, _n: any, item: any) => [
                    `${formatUsd(Number(v))}/h, ${item.payload.nodes} nodes`,
                    item.payload.key,
                  ]}
                />
                <Bar
                  dataKey="costPerHour"
                  fill={COLORS[0]}
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </Box>
        </Grid>
      </Grid>
    </InfoCard>
  );
}

function Budgets(props: { d: NodePoolDetail }) {
  const { d } = props;
  return (
    <InfoCard title="Disruption budgets">
      <Stack spacing={1}>
        <Stack
          direction="row"
          spacing={1}
          flexWrap="wrap"
          useFlexGap
          aria-label="Disruptions allowed now"
        >
          {(['Empty', 'Underutilized', 'Drifted'] as const).map(r => (
            <Chip
              key={r}
              size="small"
              color={d.disruptionsAllowed[r] === 0 ? 'warning' : 'success'}
              label={`${r}: ${d.disruptionsAllowed[r]} more may start now`}
            />
          ))}
          <Chip
            size="small"
            variant="outlined"
            label={`${d.disrupting} disrupting now`}
          />
        </Stack>
        <Table size="small" aria-label="Budgets">
          <TableHead>
            <TableRow>
              <TableCell>Nodes</TableCell>
              <TableCell>When</TableCell>
              <TableCell>Reasons</TableCell>
              <TableCell>Now</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {d.budgets.map((b, i) => (
              <TableRow key={i}>
                <TableCell>{b.nodes}</TableCell>
                <TableCell>
                  {b.schedule ? `${b.schedule} for ${b.duration}` : 'always'}
                </TableCell>
                <TableCell>
                  {b.reasons === 'all' ? 'all' : b.reasons.join(', ')}
                </TableCell>
                <TableCell>{budgetNow(b)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {d.karpenterEvents.length > 0 && (
          <>
            <Typography variant="subtitle2">
              Karpenter on this NodePool
            </Typography>
            <KarpenterSays events={d.karpenterEvents} dense />
          </>
        )}
      </Stack>
    </InfoCard>
  );
}

function NodeClaimIssues(props: { d: NodePoolDetail }) {
  const issues = props.d.nodeClaimIssues;
  return (
    <InfoCard title="Drifted, expiring and disrupted NodeClaims">
      {issues.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          None: no NodeClaim of this pool has drifted, expires within 24 h or is
          being disrupted.
        </Typography>
      ) : (
        <Table size="small" aria-label="NodeClaim issues">
          <TableBody>
            {issues.slice(0, SHOWN).map(i => (
              <TableRow key={`${i.name}-${i.kind}`}>
                <TableCell>
                  <NodeClaimIssueChip kind={i.kind} />
                </TableCell>
                <TableCell>{i.name}</TableCell>
                <TableCell>{i.node ?? '—'}</TableCell>
                <TableCell>{i.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}

function Candidates(props: { d: NodePoolDetail }) {
  const { d } = props;
  return (
    <InfoCard
      title="Why not consolidated: the portal and Karpenter"
      subheader={`${d.candidates.length} empty or underutilized nodes`}
    >
      {d.karpenterError && <Alert severity="warning">{d.karpenterError}</Alert>}
      {d.candidates.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No empty or underutilized nodes in this NodePool at the last read.
        </Typography>
      ) : (
        <Table size="small" aria-label="Consolidation candidates">
          <TableHead>
            <TableRow>
              <TableCell>Node</TableCell>
              <TableCell>The portal's reasons</TableCell>
              <TableCell>Karpenter says</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {d.candidates.slice(0, SHOWN).map(c => (
              <TableRow key={c.node} sx={{ verticalAlign: 'top' }}>
                <TableCell sx={{ wordBreak: 'break-all', maxWidth: 220 }}>
                  {c.node}
                  <Typography
                    variant="caption"
                    display="block"
                    color="text.secondary"
                  >
                    {c.instanceType} · {c.capacityType} ·{' '}
                    {c.pricePerHour === null
                      ? 'price unknown'
                      : `${formatUsd(c.pricePerHour)}/h`}
                  </Typography>
                </TableCell>
                <TableCell sx={{ maxWidth: 360 }}>
                  <PortalSays candidate={c} />
                </TableCell>
                <TableCell sx={{ maxWidth: 420 }}>
                  <KarpenterSays events={c.karpenter} dense />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {d.candidates.length > SHOWN && (
        <Typography variant="caption">
          {SHOWN} of {d.candidates.length} shown, most expensive first.
        </Typography>
      )}
    </InfoCard>
  );
}

function Nodes(props: { d: NodePoolDetail }) {
  const { nodes } = props.d;
  return (
    <InfoCard title={`Nodes (${nodes.length})`}>
      <Box sx={{ maxHeight: 360, overflow: 'auto' }}>
        <Table size="small" stickyHeader aria-label="NodePool nodes">
          <TableHead>
            <TableRow>
              <TableCell>Node</TableCell>
              <TableCell>Instance type</TableCell>
              <TableCell>Capacity</TableCell>
              <TableCell>Zone</TableCell>
              <TableCell align="right">$/h</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {nodes.slice(0, 500).map(n => (
              <TableRow key={n.name}>
                <TableCell sx={{ wordBreak: 'break-all' }}>
                  {n.name}
                  {n.drifted && (
                    <Chip
                      size="small"
                      color="warning"
                      label="drifted"
                      sx={{ ml: 1 }}
                    />
                  )}
                  {n.disrupted && (
                    <Chip
                      size="small"
                      color="error"
                      label="disrupting"
                      sx={{ ml: 1 }}
                    />
                  )}
                </TableCell>
                <TableCell>{n.instanceType}</TableCell>
                <TableCell>{n.capacityType}</TableCell>
                <TableCell>{n.zone}</TableCell>
                <TableCell align="right">
                  {n.pricePerHour === null ? '—' : formatUsd(n.pricePerHour)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </InfoCard>
  );
}

/** One NodePool: cost, limits, budgets, NodeClaims, and why its nodes are not consolidated. */
export function NodePoolPage(props: { cluster: string; pool: string }) {
  const { cluster, pool } = props;
  const api = useApi(nodeMixApiRef);
  const clusterLink = useRouteRef(clusterRouteRef);
  const detail = useAsyncRetry(
    () => api.getNodePoolDetail(cluster, pool),
    [api, cluster, pool],
  );
  const back = clusterLink?.({ cluster });
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} alignItems="baseline">
        <Typography variant="h4">NodePool {pool}</Typography>
        {back && (
          <Link component={RouterLink} to={back}>
            in cluster {cluster}
          </Link>
        )}
      </Stack>
      {detail.loading && !detail.value && <Progress />}
      {detail.error &&
        ((detail.error as { statusCode?: number }).statusCode === 404 ? (
          <EmptyState
            missing="data"
            title={`No NodePool '${pool}' in cluster '${cluster}'`}
            description={detail.error.message}
          />
        ) : (
          <ResponseErrorPanel error={detail.error} />
        ))}
      {detail.value && (
        <Grid container spacing={2}>
          <Grid item xs={12} md={4}>
            <CostAndLimits d={detail.value} />
          </Grid>
          <Grid item xs={12} md={8}>
            <Budgets d={detail.value} />
          </Grid>
          <Grid item xs={12}>
            <Mix d={detail.value} />
          </Grid>
          <Grid item xs={12}>
            <Candidates d={detail.value} />
          </Grid>
          <Grid item xs={12} md={6}>
            <NodeClaimIssues d={detail.value} />
          </Grid>
          <Grid item xs={12} md={6}>
            <Nodes d={detail.value} />
          </Grid>
          <Grid item xs={12}>
            <Typography variant="caption" color="text.secondary">
              Nodes and cost from the read at{' '}
              <LocalTime iso={detail.value.generatedAt} />; budgets and
              Karpenter's events read live at{' '}
              <LocalTime iso={detail.value.readAt} />.
            </Typography>
          </Grid>
        </Grid>
      )}
    </Stack>
  );
}
