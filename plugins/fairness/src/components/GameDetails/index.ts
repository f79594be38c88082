export { gameDetails } from './gameDetails';
export { GameDetailsTable } from './GameDetailsTable';
