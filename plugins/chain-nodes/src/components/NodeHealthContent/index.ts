export { NodeHealthContent } from './NodeHealthContent';
