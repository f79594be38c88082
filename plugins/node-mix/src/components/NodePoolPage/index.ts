export { NodePoolPage } from './NodePoolPage';
