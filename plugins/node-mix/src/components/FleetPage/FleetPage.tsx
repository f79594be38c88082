import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  WarningPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  Fleet,
  FleetCluster,
  FleetWarning,
  formatShare,
  formatUsd,
} from '@internal/plugin-node-mix-common';
import { formatAge, usePolledAsync } from '@internal/plugin-portal-react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { nodeMixApiRef } from '../../api';
import { clusterRouteRef } from '../../routes';
import { ClusterDemoChip } from '../ClusterStateBanner';
import { Kpi } from '../Kpi';
import { NoClusters } from '../NoClusters';

const POLL_MS = 30_000;

/** Fixed colours per value, so dev and prod read the same way. */
const MIX_COLORS: Record<string, string> = {
  arm64: '#2ca02c',
  amd64: '#1f77b4',
  spot: '#ff7f0e',
  'on-demand': '#9467bd',
};
const OTHER_COLOR = '#7f7f7f';

const WARNING_LABELS: Record<FleetWarning['kind'], string> = {
  unreachable: 'unreachable',
  unschedulable: 'pods pending',
  'nodepool-limit': 'NodePool limit',
  nodeclass: 'EC2NodeClass',
  nodeclaims: 'NodeClaims',
  data: 'data',
};

function StateCell(props: { cluster: FleetCluster }) {
  const c = props.cluster;
  if (c.state === 'ok') {
    return <StatusOK>ok · {formatAge(c.dataAgeSeconds)} old</StatusOK>;
  }
  if (c.state === 'pending') {
    return <StatusPending>not read yet</StatusPending>;
  }
  return (
    <Box role="alert">
      <StatusError>unreachable</StatusError>
      <Typography variant="caption" display="block" color="error">
        {c.error}
        {c.headline
          ? ` — numbers from the last good read, ${formatAge(
              c.dataAgeSeconds,
            )} old`
          : ''}
      </Typography>
    </Box>
  );
}

/**
 * Share of nodes per value of one dimension, one bar per cluster (100 %
 * stacked), so clusters of different sizes compare by shape.
 */
function MixChart(props: {
  title: string;
  clusters: FleetCluster[];
  pick: (c: FleetCluster) => Array<{ key: string; nodes: number }>;
}) {
  const keys = new Set<string>();
  const data = props.clusters
    .filter(c => c.headline)
    .map(c => {
      const groups = props.pick(c);
      const total = groups.reduce((s, g) => s + g.nodes, 0) || 1;
      const row: Record<string, string | number> = { cluster: c.name };
      for (const g of groups) {
        keys.add(g.key);
        row[g.key] = Math.round((g.nodes / total) * 1000) / 10;
        row[`${g.key}:nodes`] = g.nodes;
      }
      return row;
    });
  return (
    <InfoCard title={props.title} subheader="share of nodes per cluster">
      {data.length === 0 ? (
        <Typography color="text.secondary">No cluster read yet.</Typography>
      ) : (
        <Box height={60 + 40 * data.length} aria-label={`${props.title} chart`}>
          <ResponsiveContainer>
            <BarChart data={data} layout="vertical" margin={{ left: 24 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" domain={[0, 100]} unit="%" />
              <YAxis type="category" dataKey="cluster" width={120} />
              <Tooltip
                formatter={(v: any, name: any, item: any) => [
                  `${v}% (${item.payload[`${name}:nodes`]} nodes)`,
                  name,
                ]}
              />
              <Legend />
              {[...keys].sort().map(k => (
                <Bar
                  key={k}
                  dataKey={k}
                  stackId="mix"
                  fill={MIX_COLORS[k] ?? OTHER_COLOR}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </Box>
      )}
    </InfoCard>
  );
}

function Totals(props: { fleet: Fleet }) {
  const t = props.fleet.totals;
  return (
    <InfoCard title="Fleet">
      <Stack direction="row" spacing={5} flexWrap="wrap" useFlexGap>
        <Kpi
          label="Clusters"
          value={`${t.clusters}${
            t.clustersFailing ? ` (${t.clustersFailing} failing)` : ''
          }`}
          testId="fleet-clusters"
        />
        <Kpi
          label="Nodes"
          value={t.nodes.toLocaleString('en-US')}
          testId="fleet-nodes"
        />
        <Kpi
          label="Pods"
          value={t.pods.toLocaleString('en-US')}
          testId="fleet-pods"
        />
        <Kpi
          label="vCPU"
          value={Math.round(t.vcpu).toLocaleString('en-US')}
          testId="fleet-vcpu"
        />
        <Kpi
          label="Cost"
          value={`${formatUsd(t.costPerHour, t.costIsLowerBound)}/h`}
          testId="fleet-cost"
        />
        <Kpi
          label="Warnings"
          value={String(t.warnings)}
          testId="fleet-warnings"
        />
      </Stack>
      {t.clustersWithoutData > 0 && (
        <Typography variant="body2" color="text.secondary" mt={1}>
          Totals leave out {t.clustersWithoutData} cluster
          {t.clustersWithoutData === 1 ? '' : 's'} never read.
        </Typography>
      )}
    </InfoCard>
  );
}

function ClusterTable(props: { clusters: FleetCluster[] }) {
  const clusterLink = useRouteRef(clusterRouteRef);
  return (
    <InfoCard title="Clusters" noPadding>
      <Table size="small" aria-label="Clusters">
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell>State</TableCell>
            <TableCell align="right">Nodes</TableCell>
            <TableCell align="right">Pods</TableCell>
            <TableCell align="right">vCPU</TableCell>
            <TableCell align="right">$/h</TableCell>
            <TableCell align="right">Graviton</TableCell>
            <TableCell align="right">Spot</TableCell>
            <TableCell align="right">Warnings</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.clusters.map(c => {
            const h = c.headline;
            const dash = '–';
            return (
              <TableRow
                key={c.name}
                data-testid={`fleet-row-${c.name}`}
                aria-label={c.name}
              >
                <TableCell>
                  <Stack direction="row" spacing={1} alignItems="center">
                    <Link
                      component={RouterLink}
                      to={clusterLink?.({ cluster: c.name }) ?? c.name}
                    >
                      {c.title ?? c.name}
                    </Link>
                    <ClusterDemoChip cluster={c} />
                    {c.source === 'catalog' && (
                      <Chip size="small" variant="outlined" label="catalog" />
                    )}
                  </Stack>
                  <Typography variant="caption" color="text.secondary">
                    {c.name}
                  </Typography>
                </TableCell>
                <TableCell>
                  <StateCell cluster={c} />
                </TableCell>
                <TableCell align="right">{h ? h.totals.nodes : dash}</TableCell>
                <TableCell align="right">{h ? h.pods : dash}</TableCell>
                <TableCell align="right">
                  {h ? Math.round(h.totals.vcpu) : dash}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {h
                    ? formatUsd(h.totals.costPerHour, h.totals.costIsLowerBound)
                    : dash}
                </TableCell>
                <TableCell align="right">
                  {h ? formatShare(h.gravitonShare.nodes) : dash}
                </TableCell>
                <TableCell align="right">
                  {h ? formatShare(h.spotShare.nodes) : dash}
                </TableCell>
                <TableCell align="right">{c.warnings.length}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

function Warnings(props: { clusters: FleetCluster[] }) {
  const warnings = props.clusters.flatMap(c => c.warnings);
  return (
    <InfoCard title="Warnings" noPadding>
      {warnings.length === 0 ? (
        <Box p={2}>
          <StatusOK>No warnings in any cluster.</StatusOK>
        </Box>
      ) : (
        <Table size="small" aria-label="Warnings">
          <TableBody>
            {warnings.map((w, i) => (
              <TableRow key={`${w.cluster}-${i}`}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{w.cluster}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={w.kind === 'unreachable' ? 'error' : 'warning'}
                    label={WARNING_LABELS[w.kind]}
                  />
                </TableCell>
                <TableCell>{w.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}

/**
 * Every cluster at once: totals, node mix by architecture and capacity type
 * per cluster, a row per cluster and the warnings. A cluster that cannot be
 * read shows its error in its own row; the others are unaffected.
 */
export function FleetPage() {
  const api = useApi(nodeMixApiRef);
  const { value, error, loading } = usePolledAsync(
    () => api.getFleet(),
    [api],
    POLL_MS,
  );

  let body;
  if (error && !value) {
    body = <ResponseErrorPanel error={error} />;
  } else if (loading && !value) {
    body = <Progress />;
  } else if (!value?.clusters.length) {
    body = <NoClusters />;
  } else {
    body = (
      <Grid container spacing={2}>
        {error && (
          <Grid item xs={12}>
            <WarningPanel
              severity="warning"
              title="Refresh failed, showing the previous data"
              message={error.message}
            />
          </Grid>
        )}
        {value.problems.length > 0 && (
          <Grid item xs={12}>
            <WarningPanel
              title={`${value.problems.length} catalog cluster${
                value.problems.length === 1 ? '' : 's'
              } not read`}
            >
              {value.problems.map(p => (
                <Typography key={p} variant="body2">
                  {p}
                </Typography>
              ))}
            </WarningPanel>
          </Grid>
        )}
        <Grid item xs={12}>
          <Totals fleet={value} />
        </Grid>
        <Grid item xs={12} md={6}>
          <MixChart
            title="Architecture"
            clusters={value.clusters}
            pick={c => c.headline!.byArch}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <MixChart
            title="Capacity type"
            clusters={value.clusters}
            pick={c => c.headline!.byCapacityType}
          />
        </Grid>
        <Grid item xs={12}>
          <ClusterTable clusters={value.clusters} />
        </Grid>
        <Grid item xs={12}>
          <Warnings clusters={value.clusters} />
        </Grid>
      </Grid>
    );
  }
  return <Content>{body}</Content>;
}
