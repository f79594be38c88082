export { FairnessRoutes } from './FairnessRoutes';
