import { formatMoney } from '@internal/pricing';
import { EntityCost } from '@internal/plugin-cost-common';
import { DemoChip } from '@internal/plugin-portal-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { changeLabel, serviceLabel, sourceLabel } from '../format';
import { TrendChart } from './TrendChart';

/** Marks a cost that includes backfilled demo days. */
export function CostDemoChip(props: { show: boolean }) {
  return (
    <DemoChip
      show={props.show}
      label="Includes demo data"
      title="Days before the portal started are backfilled from the demo cluster model and a local price table"
    />
  );
}

/** A team's or a service's cost: total, services, sources, trend, what-if and budget. */
export function TeamCost(props: { cost: EntityCost; compact?: boolean }) {
  const { cost, compact } = props;
  return (
    <Stack spacing={2}>
      <Box display="flex" alignItems="baseline" gap={2} flexWrap="wrap">
        <Typography variant="h4" aria-label="total cost">
          {formatMoney(cost.total)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          last {cost.days} days ·{' '}
          {changeLabel(cost.total, cost.previous, cost.previousComplete)} vs the{' '}
          {cost.days} days before
        </Typography>
        <CostDemoChip show={cost.demo} />
      </Box>
      {cost.budget && (
        <Alert severity={cost.budget.exceeded ? 'warning' : 'success'}>
          {cost.budget.month}: {formatMoney(cost.budget.monthToDate)} so far,
          forecast {formatMoney(cost.budget.forecast)} against a budget of{' '}
          {formatMoney(cost.budget.budget)}
          {cost.budget.exceeded ? ' — over budget' : ''}
        </Alert>
      )}
      {!compact && <TrendChart points={cost.trend} />}
      {cost.kind === 'team' && (
        <Box>
          <Typography variant="h6">Services</Typography>
          <Table size="small" aria-label="services">
            <TableHead>
              <TableRow>
                <TableCell>Service</TableCell>
                <TableCell align="right">Cost</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {cost.byService.map(s => (
                <TableRow key={s.key}>
                  <TableCell>{serviceLabel(s.key)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(s.amount, cost.currency, { precise: true })}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <Box>
        <Typography variant="subtitle2">By source</Typography>
        {cost.bySource.map(s => (
          <Typography key={s.key} variant="body2">
            {sourceLabel(s.key)}:{' '}
            {formatMoney(s.amount, cost.currency, { precise: true })}
          </Typography>
        ))}
      </Box>
      {cost.whatIf.length > 0 && (
        <Box>
          <Typography variant="h6">Savings what-if</Typography>
          <Typography variant="body2" color="text.secondary">
            Moving this team’s share of x86 on-demand nodes (node-mix price
            table, latest hour {cost.whatIf[0].asOf}:00 UTC)
          </Typography>
          <Table size="small" aria-label="savings what-if">
            <TableBody>
              {cost.whatIf.map(w => (
                <TableRow key={w.scenario}>
                  <TableCell>{w.label}</TableCell>
                  <TableCell align="right">
                    {formatMoney(w.savingsPerMonth)} / month
                  </TableCell>
                  <TableCell align="right">
                    {(w.share * 100).toFixed(1)}% of its compute
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Stack>
  );
}
