export { ChainSummaryCard } from './ChainSummaryCard';
