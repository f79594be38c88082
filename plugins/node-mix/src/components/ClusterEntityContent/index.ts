export {
  ClusterEntityContent,
  CLUSTER_NAME_ANNOTATION,
} from './ClusterEntityContent';
