export { Consolidation, KarpenterState } from './Consolidation';
