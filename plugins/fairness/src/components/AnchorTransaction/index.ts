export { AnchorTransaction } from './AnchorTransaction';
