export { VerifyRangePanel } from './VerifyRangePanel';
