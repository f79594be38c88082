export { LocalTime } from './LocalTime';
