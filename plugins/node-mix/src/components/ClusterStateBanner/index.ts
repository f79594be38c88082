export { ClusterStateBanner, DemoChip } from './ClusterStateBanner';
