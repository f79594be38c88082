export { MixCharts } from './MixCharts';
