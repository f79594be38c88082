export { PendingPods } from './PendingPods';
