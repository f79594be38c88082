import { ClusterSummary } from '@internal/plugin-node-mix-common';
import { formatAge } from '@internal/plugin-portal-react';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';

/**
 * Pods the scheduler has not placed, each with the scheduler's own message
 * (`0/12 nodes are available: ...`) — what on-call reads first when a deploy
 * or a scale-up is stuck. Nothing is shown while every pod is placed.
 */
export function PendingPods(props: {
  pending: ClusterSummary['pendingPods'];
  now?: number;
}) {
  const { pending } = props;
  if (!pending || pending.total === 0) return null;
  const now = props.now ?? Date.now();
  const shown = pending.items.length;
  return (
    <Card variant="outlined" component="section" aria-label="Pending pods">
      <CardHeader
        title={`Pending pods: ${pending.total}`}
        subheader={`${pending.unschedulable} unschedulable${
          shown < pending.total ? ` · oldest ${shown} shown` : ''
        }`}
        titleTypographyProps={{ variant: 'subtitle1', color: 'warning.main' }}
      />
      <CardContent>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Pod</TableCell>
              <TableCell>Pending for</TableCell>
              <TableCell>Scheduler</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pending.items.map(p => (
              <TableRow key={`${p.namespace}/${p.name}`}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {p.namespace}/{p.name}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {p.since
                    ? formatAge((now - Date.parse(p.since)) / 1000)
                    : 'unknown'}
                </TableCell>
                <TableCell>
                  {p.reason && <b>{p.reason}: </b>}
                  {p.message ?? (
                    <Typography
                      component="span"
                      variant="body2"
                      color="text.secondary"
                    >
                      not looked at by the scheduler yet
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
