export {
  ClusterDemoChip,
  ClusterStateBanner,
  ClusterStateStatus,
} from './ClusterStateBanner';
