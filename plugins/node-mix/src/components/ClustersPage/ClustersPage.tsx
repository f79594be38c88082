import {
  Content,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  ClusterStatus,
  formatShare,
  formatUsd,
} from '@internal/plugin-node-mix-common';
import { usePolledAsync } from '@internal/plugin-portal-react';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, Route, Routes, useParams } from 'react-router-dom';
import { nodeMixApiRef } from '../../api';
import { clusterRouteRef, fleetRouteRef } from '../../routes';
import {
  ClusterDemoChip,
  ClusterStateBanner,
  ClusterStateStatus,
} from '../ClusterStateBanner';
import { ClusterView } from '../ClusterView';
import { NodePoolPage } from '../NodePoolPage';
import { NoClusters } from '../NoClusters';

const POLL_MS = 30_000;

function ClusterCard(props: { cluster: ClusterStatus; href: string }) {
  const c = props.cluster;
  const h = c.headline;
  return (
    <Card
      variant="outlined"
      sx={{ height: '100%' }}
      data-testid={`cluster-card-${c.name}`}
    >
      <CardActionArea
        component={RouterLink}
        to={props.href}
        sx={{ height: '100%', alignItems: 'flex-start' }}
        aria-label={`Open cluster ${c.name}`}
      >
        <CardContent>
          <Stack direction="row" spacing={1} alignItems="center" mb={1}>
            <Typography variant="h6">{c.title ?? c.name}</Typography>
            <ClusterDemoChip cluster={c} />
            <ClusterStateStatus state={c.state} />
          </Stack>
          <Typography
            variant="caption"
            color="text.secondary"
            display="block"
            mb={1}
          >
            {c.name}
            {c.kubernetesVersion ? ` · ${c.kubernetesVersion}` : ''}
          </Typography>
          <ClusterStateBanner cluster={c} />
          {h && (
            <Box mt={1}>
              <Typography variant="body2">
                <b>{h.totals.nodes}</b> nodes · <b>{h.pods}</b> pods ·{' '}
                <b>{Math.round(h.totals.vcpu)}</b> vCPU
              </Typography>
              <Typography variant="body2">
                <b>
                  {formatUsd(h.totals.costPerHour, h.totals.costIsLowerBound)}
                </b>
                /h ·{' '}
                {formatUsd(h.totals.costPerMonth, h.totals.costIsLowerBound)}
                /month
              </Typography>
              <Typography variant="body2">
                Graviton {formatShare(h.gravitonShare.vcpu)} · spot{' '}
                {formatShare(h.spotShare.vcpu)} of vCPU
              </Typography>
              <Typography variant="body2">
                {h.consolidation.empty + h.consolidation.underutilized}{' '}
                consolidation candidates ({h.consolidation.blocked} blocked) ·{' '}
                {h.nodeClaimIssues.drifted} drifted ·{' '}
                {h.nodeClaimIssues.expiring} expiring
              </Typography>
              {h.bestSavings && h.bestSavings.savingsPerHour > 0 && (
                <Typography variant="body2" color="success.main">
                  {h.bestSavings.label}: save{' '}
                  {formatUsd(h.bestSavings.savingsPerMonth)}/month (
                  {formatShare(h.bestSavings.savingsPercent)})
                </Typography>
              )}
            </Box>
          )}
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

function ClusterList() {
  const api = useApi(nodeMixApiRef);
  const clusterLink = useRouteRef(clusterRouteRef);
  const fleetLink = useRouteRef(fleetRouteRef);
  const { value, error, loading } = usePolledAsync(
    () => api.listClusters(),
    [api],
    POLL_MS,
  );
  if (error) return <ResponseErrorPanel error={error} />;
  if (loading && !value) return <Progress />;
  if (!value?.length) {
    return <NoClusters />;
  }
  return (
    <Grid container spacing={2}>
      {fleetLink && value.length > 1 && (
        <Grid item xs={12}>
          <Typography variant="body2">
            <RouterLink to={fleetLink()}>
              All {value.length} clusters side by side: the fleet view
            </RouterLink>
          </Typography>
        </Grid>
      )}
      {value.map(c => (
        <Grid item xs={12} md={6} xl={4} key={c.name}>
          <ClusterCard
            cluster={c}
            href={clusterLink?.({ cluster: c.name }) ?? c.name}
          />
        </Grid>
      ))}
    </Grid>
  );
}

function NodePoolRoute() {
  const { cluster, pool } = useParams();
  return <NodePoolPage cluster={cluster!} pool={pool!} />;
}

function ClusterRoute() {
  const { cluster } = useParams();
  return <ClusterView name={cluster!} />;
}

/** The Clusters page: a card per cluster, and a page per cluster. */
export function ClustersPage() {
  return (
    <Content>
      <Routes>
        <Route path="/" element={<ClusterList />} />
        <Route path="/:cluster" element={<ClusterRoute />} />
        <Route path="/:cluster/nodepools/:pool" element={<NodePoolRoute />} />
      </Routes>
    </Content>
  );
}
