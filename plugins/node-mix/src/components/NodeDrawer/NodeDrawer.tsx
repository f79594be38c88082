import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  formatBytes,
  formatCores,
  formatUsd,
  NodeDetail,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { formatAge, LocalTime } from '@internal/plugin-portal-react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { nodeMixApiRef } from '../../api';
import { KarpenterReasons } from '../KarpenterReasons';
import { NodePrice } from '../PriceSources';

/** Conditions whose healthy status is False (all but Ready). */
const healthy = (c: NodeDetail['conditions'][number]) =>
  c.type === 'Ready' ? c.status === 'True' : c.status !== 'True';

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Box component="section" aria-label={props.title}>
      <Typography variant="subtitle2" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function Conditions(props: { conditions: NodeDetail['conditions'] }) {
  return (
    <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
      {props.conditions.map(c => (
        <Chip
          key={c.type}
          size="small"
          color={healthy(c) ? 'success' : 'error'}
          variant={healthy(c) ? 'outlined' : 'filled'}
          label={`${c.type}=${c.status}`}
          title={[c.reason, c.message].filter(Boolean).join(': ') || undefined}
        />
      ))}
    </Stack>
  );
}

function Detail(props: { row: NodeRow; detail: NodeDetail }) {
  const { row, detail } = props;
  return (
    <Stack spacing={2}>
      <Typography variant="body2">
        {row.instanceType} · {row.arch} · {row.capacityType} · {row.zone} ·
        NodePool {row.nodePool} ·{' '}
        {row.pricePerHour === null
          ? 'price unknown'
          : `${formatUsd(row.pricePerHour)}/h`}{' '}
        · age {formatAge(detail.ageSeconds)}
      </Typography>
      <Section title="Price">
        <NodePrice row={row} />
      </Section>
      <Section title="Conditions">
        <Conditions conditions={detail.conditions} />
      </Section>
      <Section title="Taints">
        {detail.taints.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No taints: any pod may schedule here.
          </Typography>
        ) : (
          <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
            {detail.taints.map(t => (
              <Chip
                key={`${t.key}:${t.effect}`}
                size="small"
                label={`${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`}
              />
            ))}
          </Stack>
        )}
      </Section>
      <Section title="NodeClaim">
        {detail.nodeClaim ? (
          <Stack spacing={0.5}>
            <Typography variant="body2">
              {detail.nodeClaim.name}
              {detail.nodeClaim.nodePool
                ? ` · NodePool ${detail.nodeClaim.nodePool}`
                : ''}
              {detail.nodeClaim.expireAfter
                ? ` · expires after ${detail.nodeClaim.expireAfter}`
                : ''}
            </Typography>
            <Conditions conditions={detail.nodeClaim.conditions} />
          </Stack>
        ) : (
          <Typography variant="body2" color="text.secondary">
            No NodeClaim: this node was not launched by Karpenter (or the portal
            may not read NodeClaims).
          </Typography>
        )}
      </Section>
      {detail.consolidation && (
        <Section title="Consolidation: the portal and Karpenter">
          <KarpenterReasons
            candidate={detail.consolidation.portal}
            events={detail.consolidation.karpenter}
            error={detail.consolidation.karpenterError}
          />
        </Section>
      )}
      <Section
        title={`Pods (${detail.podCount}${
          detail.podCount > detail.pods.length
            ? `, largest ${detail.pods.length} shown`
            : ''
        })`}
      >
        {detail.pods.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No pods: Karpenter can remove this node once its consolidation delay
            has passed.
          </Typography>
        ) : (
          <Table size="small" aria-label="Pods on this node">
            <TableHead>
              <TableRow>
                <TableCell>Pod</TableCell>
                <TableCell>Owner</TableCell>
                <TableCell align="right">CPU req.</TableCell>
                <TableCell align="right">Mem req.</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {detail.pods.map(p => (
                <TableRow key={`${p.namespace}/${p.name}`}>
                  <TableCell>
                    {p.namespace}/{p.name}
                    {p.phase && p.phase !== 'Running' ? ` (${p.phase})` : ''}
                  </TableCell>
                  <TableCell>{p.owner ?? '—'}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {formatCores(p.cpuRequested)}
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {formatBytes(p.memoryRequested)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
      <Typography variant="caption" color="text.secondary">
        Read live from the cluster at <LocalTime iso={detail.readAt} />.
      </Typography>
    </Stack>
  );
}

/** A node's pods, taints, conditions and NodeClaim, read live on open. */
export function NodeDrawer(props: {
  cluster: string;
  row?: NodeRow;
  onClose: () => void;
}) {
  const { cluster, row, onClose } = props;
  const api = useApi(nodeMixApiRef);
  const detail = useAsync(
    async () =>
      row ? api.getNodeDetail(cluster, row.name, row.nodeClaim) : undefined,
    [api, cluster, row?.name, row?.nodeClaim],
  );
  return (
    <Drawer anchor="right" open={Boolean(row)} onClose={onClose}>
      <Box
        sx={{ width: { xs: '100vw', md: 640 }, p: 3 }}
        role="dialog"
        aria-label={row ? `Node ${row.name}` : 'Node'}
      >
        <Stack direction="row" alignItems="center" mb={2}>
          <Typography variant="h6" sx={{ flexGrow: 1, wordBreak: 'break-all' }}>
            {row?.name}
          </Typography>
          <IconButton aria-label="Close" onClick={onClose}>
            ×
          </IconButton>
        </Stack>
        {detail.loading && <Progress />}
        {detail.error && <ResponseErrorPanel error={detail.error} />}
        {row && detail.value && <Detail row={row} detail={detail.value} />}
      </Box>
    </Drawer>
  );
}
