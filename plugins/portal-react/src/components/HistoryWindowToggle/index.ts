export { HistoryWindowToggle } from './HistoryWindowToggle';
