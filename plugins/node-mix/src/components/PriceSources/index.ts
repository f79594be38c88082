export { NodePrice, PriceSources } from './PriceSources';
