export { Kpi } from './Kpi';
