export { TeamCost, DemoChip } from './TeamCost';
export { TrendChart } from './TrendChart';
