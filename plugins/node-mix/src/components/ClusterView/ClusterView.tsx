import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ClusterStatus,
  formatBytes,
  formatCores,
  formatShare,
  formatUsd,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { formatAge, usePolledAsync } from '@internal/plugin-portal-react';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { nodeMixApiRef } from '../../api';
import { ClusterDemoChip, ClusterStateBanner } from '../ClusterStateBanner';
import { Consolidation, KarpenterState } from '../Consolidation';
import { HistoryChart } from '../HistoryChart';
import { Kpi } from '../Kpi';
import { MixCharts } from '../MixCharts';
import { NodePoolHeadroom } from '../NodePoolHeadroom';
import { NodeDrawer } from '../NodeDrawer';
import { NodeTable } from '../NodeTable';
import { PendingPods } from '../PendingPods';
import { WhatIf } from '../WhatIf';
import { useClusterSignal } from './useClusterSignal';
import { PriceSources } from '../PriceSources';

const POLL_MS = 30_000;

function Headline(props: { cluster: ClusterStatus }) {
  const s = props.cluster.summary!;
  const t = s.totals;
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
          <Kpi label="Nodes" value={String(t.nodes)} />
          <Kpi label="Pods" value={String(s.pods)} />
          {s.pendingPods && s.pendingPods.total > 0 && (
            <Kpi
              label="Pending pods"
              value={String(s.pendingPods.total)}
              hint={`${s.pendingPods.unschedulable} unschedulable`}
            />
          )}
          <Kpi
            label="vCPU"
            value={formatCores(t.vcpu)}
            hint={`${formatShare(
              t.cpuAllocatable ? t.cpuRequested / t.cpuAllocatable : null,
            )} of allocatable requested`}
          />
          <Kpi label="Memory" value={formatBytes(t.memoryBytes)} />
          <Kpi
            label="CPU requested"
            value={formatShare(
              t.cpuAllocatable ? t.cpuRequested / t.cpuAllocatable : null,
            )}
          />
          <Kpi
            label="Memory requested"
            value={formatShare(
              t.memoryAllocatable
                ? t.memoryRequested / t.memoryAllocatable
                : null,
            )}
          />
          <Kpi
            label="Cost per hour"
            value={formatUsd(t.costPerHour, t.costIsLowerBound)}
            hint={
              t.costIsLowerBound
                ? `${t.unpricedNodes} node(s) without a price: the total is a lower bound`
                : undefined
            }
          />
          <Kpi
            label="Cost per month"
            value={formatUsd(t.costPerMonth, t.costIsLowerBound)}
          />
          <Kpi
            label="Graviton (vCPU)"
            value={formatShare(s.gravitonShare.vcpu)}
          />
          <Kpi label="Spot (vCPU)" value={formatShare(s.spotShare.vcpu)} />
        </Stack>
        {t.costIsLowerBound && (
          <Typography variant="caption" color="text.secondary">
            ≥: {t.unpricedNodes} node(s) have no known price (see the node
            table's $/hour column).
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

/** Everything about one cluster: mix, cost, what-if, history, Karpenter state, nodes. */
export function ClusterView(props: { name: string }) {
  const api = useApi(nodeMixApiRef);
  const cluster = usePolledAsync(
    () => api.getCluster(props.name),
    [api, props.name],
    POLL_MS,
  );
  const [nodesKey, setNodesKey] = useState(0);
  const [selected, setSelected] = useState<NodeRow | undefined>();
  const nodes = useAsyncRetry(
    () => api.getNodes(props.name),
    [api, props.name, nodesKey],
  );
  const { retry } = cluster;
  // pushed by the backend's watches; polling above stays as the fallback
  const retryNodes = nodes.retry;
  const { live } = useClusterSignal(props.name, () => {
    retry();
    retryNodes();
  });

  if (cluster.error) {
    return <ResponseErrorPanel error={cluster.error} />;
  }
  const c = cluster.value;
  if (!c) {
    return <Progress />;
  }
  const s = c.summary;
  const newerNodes =
    s && nodes.value && nodes.value.generatedAt !== s.generatedAt;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography variant="h5">{c.title ?? c.name}</Typography>
        <ClusterDemoChip cluster={c} />
        <Typography variant="body2" color="text.secondary">
          {c.kubernetesVersion} · read {formatAge(c.dataAgeSeconds)} ago
          {c.refreshDurationMs !== undefined &&
            ` in ${(c.refreshDurationMs / 1000).toFixed(1)} s`}
          {live && c.live && ' · live'}
        </Typography>
      </Stack>
      <ClusterStateBanner cluster={c} />
      {s && (
        <>
          <NodePoolHeadroom nodePools={s.nodePools} />
          <Headline cluster={c} />
          <PendingPods pending={s.pendingPods} />
          {/* A Grid container directly in a Stack loses its negative margin
              and sticks out 16 px on the right; a Box keeps it aligned. */}
          <Box>
            <MixCharts mix={s.mix} />
          </Box>
          <Box>
            <Grid container spacing={2}>
              <Grid item xs={12} lg={5}>
                <WhatIf summary={s} />
              </Grid>
              <Grid item xs={12} lg={7}>
                <HistoryChart cluster={c.name} refreshKey={s.generatedAt} />
              </Grid>
            </Grid>
          </Box>
          <Consolidation summary={s} />
          <KarpenterState summary={s} />
          <InfoCard
            title="Nodes"
            action={
              newerNodes ? (
                <Button size="small" onClick={() => setNodesKey(k => k + 1)}>
                  Newer data: reload table
                </Button>
              ) : undefined
            }
          >
            {nodes.error && <ResponseErrorPanel error={nodes.error} />}
            {nodes.loading && !nodes.value && <Progress />}
            {nodes.value && (
              <NodeTable rows={nodes.value.items} onSelect={setSelected} />
            )}
          </InfoCard>
          <NodeDrawer
            cluster={c.name}
            row={selected}
            onClose={() => setSelected(undefined)}
          />
          <PriceSources pricing={s.pricing} />
          <Typography variant="caption" color="text.secondary">
            Hover a price in the node table for its source; a node&apos;s name
            opens its list and effective price.
          </Typography>
          {s.warnings.length > 0 && (
            <Accordion disableGutters>
              <AccordionSummary>
                <Typography variant="body2">
                  {s.warnings.length} data warning(s) from the cluster
                </Typography>
              </AccordionSummary>
              <AccordionDetails>
                {s.warnings.map(w => (
                  <Alert key={w} severity="warning" sx={{ mb: 0.5 }}>
                    {w}
                  </Alert>
                ))}
              </AccordionDetails>
            </Accordion>
          )}
        </>
      )}
    </Stack>
  );
}
