export { DemoChip } from './DemoChip';
