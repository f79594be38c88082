import { InfoCard } from '@backstage/core-components';
import {
  ClusterSummary,
  formatShare,
  formatUsd,
} from '@internal/plugin-node-mix-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';

/** What the cluster would cost if its x86 on-demand nodes ran on Graviton and/or spot. */
export function WhatIf(props: { summary: ClusterSummary }) {
  const { whatIf, totals } = props.summary;
  const lb = totals.costIsLowerBound;
  return (
    <InfoCard
      variant="fullHeight"
      title="Savings what-if"
      subheader={`x86 on-demand nodes cost ${formatUsd(
        whatIf.x86OnDemandCostPerHour,
      )}/h of ${formatUsd(totals.costPerHour, lb)}/h`}
    >
      <Table size="small" aria-label="Savings what-if">
        <TableHead>
          <TableRow>
            <TableCell>If x86 on-demand ran on</TableCell>
            <TableCell align="right">Cluster $/h</TableCell>
            <TableCell align="right">Saving / month</TableCell>
            <TableCell align="right">Saving</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {whatIf.scenarios.map(s => (
            <TableRow key={s.id}>
              <TableCell>
                {s.label.replace('x86 on-demand on ', '')}
                {s.unpricedNodes > 0 && (
                  <Typography
                    variant="caption"
                    display="block"
                    color="text.secondary"
                  >
                    {s.unpricedNodes} node(s) without a target price kept at
                    today's price
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right">
                {formatUsd(s.costPerHour, lb)}
              </TableCell>
              <TableCell align="right">
                {formatUsd(s.savingsPerMonth)}
              </TableCell>
              <TableCell align="right">
                {formatShare(s.savingsPercent)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="text.secondary">
        Same size, same category (m6i.2xlarge → m7g.2xlarge); spot at configured
        or estimated prices.
      </Typography>
    </InfoCard>
  );
}
