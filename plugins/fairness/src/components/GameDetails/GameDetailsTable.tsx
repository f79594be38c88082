import { FairnessRound } from '@internal/plugin-fairness-common';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { gameDetails } from './gameDetails';

const TILES = Array.from({ length: 25 }, (_, i) => i);

/** A 5×5 mines board: mines, opened safe tiles and an opened mine. */
function MinesBoard(props: { mines: number[]; picks: number[] }) {
  const { mines, picks } = props;
  return (
    <Box
      role="img"
      aria-label={`mines board: mines at ${mines.join(', ')}; opened ${
        picks.join(', ') || 'none'
      }`}
      display="grid"
      gridTemplateColumns="repeat(5, 28px)"
      gap="4px"
      mt={1}
    >
      {TILES.map(t => {
        const mine = mines.includes(t);
        const opened = picks.includes(t);
        let bg = 'action.hover';
        if (mine) bg = opened ? 'error.main' : 'error.light';
        else if (opened) bg = 'success.light';
        return (
          <Box
            key={t}
            width={28}
            height={28}
            borderRadius={1}
            bgcolor={bg}
            display="flex"
            alignItems="center"
            justifyContent="center"
            fontSize={11}
            title={`tile ${t}${mine ? ': mine' : ''}${
              opened ? ', opened' : ''
            }`}
          >
            {mine ? '✹' : t}
          </Box>
        );
      })}
    </Box>
  );
}

/** The round's game parameters and result, rendered for its game. */
export function GameDetailsTable(props: {
  round: Pick<FairnessRound, 'game' | 'gameParams' | 'result'>;
}) {
  const { round } = props;
  const picks = round.gameParams.picks;
  return (
    <>
      <Table size="small" aria-label={`${round.game} round`}>
        <TableBody>
          <TableRow>
            <TableCell component="th">Game</TableCell>
            <TableCell>{round.game}</TableCell>
          </TableRow>
          {gameDetails(round).map(({ label, value }) => (
            <TableRow key={label}>
              <TableCell component="th">{label}</TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {round.game === 'mines' && Array.isArray(round.result) && (
        <MinesBoard
          mines={round.result as number[]}
          picks={Array.isArray(picks) ? picks : []}
        />
      )}
    </>
  );
}
