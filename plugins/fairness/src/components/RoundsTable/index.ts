export { RoundsTable } from './RoundsTable';
