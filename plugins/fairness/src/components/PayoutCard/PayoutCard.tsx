import { FairnessRound, PayoutCheck } from '@internal/plugin-fairness-common';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatMinor } from '../download';

/** Stake, the game's multiplier and the payout it gives, next to the recorded payout. */
export function PayoutCard(props: {
  round: Pick<
    FairnessRound,
    'game' | 'wagerMinor' | 'payoutMinor' | 'currency'
  >;
  check: PayoutCheck;
}) {
  const { round, check } = props;
  const money = (minor: number) => formatMinor(minor, round.currency);
  let verdict = '';
  if (check.expectedPayoutMinor !== undefined) {
    verdict = check.ok ? ' = stake × multiplier' : ' ≠ stake × multiplier';
  }
  const rows: Array<[string, string]> = [
    ['Stake', money(round.wagerMinor)],
    [
      `Multiplier by the ${round.game} rules`,
      check.multiplier === undefined ? '—' : `${check.multiplier}×`,
    ],
    [
      'Payout by the rules (stake × multiplier, rounded down)',
      check.expectedPayoutMinor === undefined
        ? '—'
        : money(check.expectedPayoutMinor),
    ],
    ['Payout recorded', `${money(round.payoutMinor)}${verdict}`],
  ];
  return (
    <Card>
      <CardContent>
        <Typography variant="h6">Payout</Typography>
        <Table size="small" aria-label="payout">
          <TableBody>
            {rows.map(([k, v]) => (
              <TableRow key={k}>
                <TableCell component="th">{k}</TableCell>
                <TableCell>{v}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
