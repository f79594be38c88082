export { ClusterStateBanner, ClusterDemoChip } from './ClusterStateBanner';
