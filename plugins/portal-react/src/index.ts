/**
 * What the portal's frontend plugins share: durations and ages in one
 * vocabulary, the DEMO chip, local times, the history-window toggle and
 * polled data.
 *
 * @packageDocumentation
 */

export { formatAge, formatAgo, formatDuration } from './format/formatDuration';
export { DemoChip } from './components/DemoChip';
export { HistoryWindowToggle } from './components/HistoryWindowToggle';
export { LocalTime } from './components/LocalTime';
export { usePolledAsync } from './hooks/usePolledAsync';
export type { PolledAsyncState } from './hooks/usePolledAsync';
