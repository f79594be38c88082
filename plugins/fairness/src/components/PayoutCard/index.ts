export { PayoutCard } from './PayoutCard';
