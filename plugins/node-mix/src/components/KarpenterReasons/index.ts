export {
  BalancedScore,
  KarpenterReasons,
  KarpenterSays,
  PortalSays,
} from './KarpenterReasons';
