import { InfoCard } from '@backstage/core-components';
import {
  ClusterSummary,
  formatBytes,
  formatShare,
  formatUsd,
} from '@internal/plugin-node-mix-common';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { nodePoolRouteRef } from '../../routes';
import { NodeClaimIssueChip } from '../NodeClaimIssueChip';

const PAGE = 25;

function limitColor(usage: number) {
  if (usage > 0.9) return 'error';
  return usage > 0.75 ? 'warning' : 'primary';
}

function nodeClassState(nc: ClusterSummary['nodeClasses'][number]) {
  if (nc.ready === null) return 'no Ready condition';
  return nc.ready ? 'Ready' : `not Ready ${nc.message ?? ''}`;
}

/** Empty and under-used nodes, and why Karpenter is or isn't removing each. */
export function Consolidation(props: { summary: ClusterSummary }) {
  const { consolidation } = props.summary;
  const nodePoolLink = useRouteRef(nodePoolRouteRef);
  const [filter, setFilter] = useState<'blocked' | 'consolidatable' | 'all'>(
    'blocked',
  );
  const [shown, setShown] = useState(PAGE);
  const rows = consolidation.candidates.filter(
    c => filter === 'all' || c.state === filter,
  );
  return (
    <InfoCard
      title="Consolidation candidates"
      subheader={`${consolidation.empty} empty, ${
        consolidation.underutilized
      } under-used; ${
        consolidation.blocked
      } blocked; Karpenter can remove ${formatUsd(
        consolidation.consolidatableCostPerHour,
      )}/h now`}
      action={
        <ToggleButtonGroup
          size="small"
          exclusive
          value={filter}
          onChange={(_e, v) => v && setFilter(v)}
          aria-label="Candidate filter"
        >
          <ToggleButton value="blocked">blocked</ToggleButton>
          <ToggleButton value="consolidatable">consolidatable</ToggleButton>
          <ToggleButton value="all">all</ToggleButton>
        </ToggleButtonGroup>
      }
    >
      <Box sx={{ maxHeight: 420, overflow: 'auto' }}>
        <Table size="small" stickyHeader aria-label="Consolidation candidates">
          <TableHead>
            <TableRow>
              <TableCell>Node</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell align="right">CPU / mem req.</TableCell>
              <TableCell align="right">$/h</TableCell>
              <TableCell>Why not consolidated / what to do</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.slice(0, shown).map(c => (
              <TableRow key={c.node}>
                <TableCell>
                  {c.node}
                  <Typography
                    variant="caption"
                    display="block"
                    color="text.secondary"
                  >
                    {c.instanceType} · {c.capacityType} ·{' '}
                    {nodePoolLink ? (
                      <Link
                        component={RouterLink}
                        to={nodePoolLink({
                          cluster: props.summary.cluster,
                          pool: c.nodePool,
                        })}
                        title="The NodePool's page: Karpenter's own words beside these reasons"
                      >
                        {c.nodePool}
                      </Link>
                    ) : (
                      c.nodePool
                    )}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Chip size="small" variant="outlined" label={c.kind} />
                </TableCell>
                <TableCell align="right">
                  {formatShare(c.cpuUtilization)} /{' '}
                  {formatShare(c.memoryUtilization)}
                </TableCell>
                <TableCell align="right">{formatUsd(c.pricePerHour)}</TableCell>
                <TableCell>
                  {c.state === 'disrupting' &&
                    'Karpenter is disrupting this node now.'}
                  {c.state === 'consolidatable' &&
                    'Nothing blocks it: Karpenter should consolidate it after consolidateAfter.'}
                  {c.blockers.map(b => (
                    <Typography key={b.message} variant="body2">
                      • {b.message}
                    </Typography>
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      {rows.length > shown && (
        <Stack direction="row" spacing={1} alignItems="center">
          <Typography variant="caption">
            Showing {shown} of {rows.length} (most expensive first).
          </Typography>
          <Button size="small" onClick={() => setShown(s2 => s2 + 100)}>
            Show more
          </Button>
        </Stack>
      )}
    </InfoCard>
  );
}

/** NodePool limit use and budgets, NodeClaims that drifted/expire/are disrupted. */
export function KarpenterState(props: { summary: ClusterSummary }) {
  const { nodePools, nodeClaims, nodeClasses } = props.summary;
  const nodePoolLink = useRouteRef(nodePoolRouteRef);
  return (
    <InfoCard
      variant="fullHeight"
      title="Karpenter"
      subheader={`${nodeClaims.total} NodeClaims`}
    >
      <Stack spacing={1.5}>
        {nodePools.map(p => (
          <Box key={p.name}>
            <Typography variant="body2">
              {nodePoolLink ? (
                <Link
                  component={RouterLink}
                  to={nodePoolLink({
                    cluster: props.summary.cluster,
                    pool: p.name,
                  })}
                  fontWeight="bold"
                  aria-label={`Open NodePool ${p.name}`}
                >
                  {p.name}
                </Link>
              ) : (
                <b>{p.name}</b>
              )}{' '}
              · {p.nodes} nodes · {p.cpuUsed} / {p.cpuLimit ?? '∞'} vCPU ·{' '}
              {formatBytes(p.memoryUsed)} /{' '}
              {p.memoryLimit === null ? '∞' : formatBytes(p.memoryLimit)} ·{' '}
              {p.consolidationPolicy} after {p.consolidateAfter}
            </Typography>
            {p.limitUsage !== null && (
              <LinearProgress
                variant="determinate"
                value={Math.min(100, p.limitUsage * 100)}
                color={limitColor(p.limitUsage)}
                aria-label={`${p.name} limit use ${formatShare(p.limitUsage)}`}
              />
            )}
            {p.blockingBudgets.map(b => (
              <Typography
                key={b}
                variant="caption"
                color="warning.main"
                display="block"
              >
                Budget blocking disruptions now: {b}
              </Typography>
            ))}
          </Box>
        ))}
        {nodeClasses.map(nc => (
          <Typography key={nc.name} variant="body2">
            EC2NodeClass <b>{nc.name}</b>: {nodeClassState(nc)}
          </Typography>
        ))}
        <Box sx={{ maxHeight: 220, overflow: 'auto' }}>
          <Table size="small" aria-label="NodeClaim issues">
            <TableBody>
              {nodeClaims.issues.slice(0, 50).map(i => (
                <TableRow key={`${i.name}-${i.kind}`}>
                  <TableCell>
                    <NodeClaimIssueChip kind={i.kind} />
                  </TableCell>
                  <TableCell>{i.name}</TableCell>
                  <TableCell>{i.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        {nodeClaims.issues.length > 50 && (
          <Typography variant="caption">
            50 of {nodeClaims.issues.length} NodeClaim issues shown.
          </Typography>
        )}
      </Stack>
    </InfoCard>
  );
}
