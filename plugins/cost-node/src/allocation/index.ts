export { CostAllocator } from './CostAllocator';
export { allocateHour } from './allocateHour';
export { shareRows } from './shareRows';
export type { ShareOptions, ShareRule } from './shareRows';
export type {
  AllocationRow,
  CostAllocationOptions,
  HourAllocation,
  TeamWhatIf,
} from './types';
