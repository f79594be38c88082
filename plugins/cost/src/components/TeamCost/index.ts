export { TeamCost, CostDemoChip } from './TeamCost';
export { TrendChart } from './TrendChart';
