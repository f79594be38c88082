export { RoundPage } from './RoundPage';
