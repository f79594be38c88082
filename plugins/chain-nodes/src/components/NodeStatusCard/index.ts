export { NodeStatusCard, NodeStatusSummary } from './NodeStatusCard';
