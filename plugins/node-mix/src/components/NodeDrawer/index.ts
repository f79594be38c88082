export { NodeDrawer } from './NodeDrawer';
