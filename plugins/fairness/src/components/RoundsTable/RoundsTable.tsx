import { LocalTime } from '@internal/plugin-portal-react';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import { Link } from 'react-router-dom';
import { StoredRound } from '@internal/plugin-fairness-common';
import { formatMinor, formatResult } from '../download';

/** Rounds, newest first; rows the last signed tree head does not cover yet are marked. */
export function RoundsTable(props: {
  items: StoredRound[];
  signedTreeSize: number;
}) {
  const { items, signedTreeSize } = props;
  return (
    <Table size="small" aria-label="rounds">
      <TableHead>
        <TableRow>
          <TableCell>Leaf</TableCell>
          <TableCell>Round</TableCell>
          <TableCell>Game</TableCell>
          <TableCell>Player</TableCell>
          <TableCell>Game server</TableCell>
          <TableCell>Result</TableCell>
          <TableCell>Wager</TableCell>
          <TableCell>Payout</TableCell>
          <TableCell>Played (your time)</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(r => (
          <TableRow key={r.leafIndex}>
            <TableCell>
              {r.leafIndex}
              {r.leafIndex >= signedTreeSize && (
                <Tooltip title="Logged after the last signed tree head: its inclusion is provable once the next head is signed">
                  <Chip
                    size="small"
                    variant="outlined"
                    label="not yet signed"
                    sx={{ ml: 1 }}
                  />
                </Tooltip>
              )}
            </TableCell>
            <TableCell>
              <Link to={`rounds/${encodeURIComponent(r.roundId)}`}>
                {r.roundId}
              </Link>
            </TableCell>
            <TableCell>{r.game}</TableCell>
            <TableCell>{r.playerId}</TableCell>
            <TableCell>{r.gameServerId}</TableCell>
            <TableCell>{formatResult(r.result)}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {formatMinor(r.wagerMinor, r.currency)}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {formatMinor(r.payoutMinor, r.currency)}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <LocalTime iso={r.playedAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
