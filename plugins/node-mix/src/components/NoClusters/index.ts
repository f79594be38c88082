export { NoClusters } from './NoClusters';
