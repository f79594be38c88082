export { NodeTable } from './NodeTable';
