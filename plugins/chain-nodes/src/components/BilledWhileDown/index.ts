export { BilledWhileDown } from './BilledWhileDown';
export { billedWhileDown } from './billedWhileDown';
