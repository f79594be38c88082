export { NodePoolHeadroom } from './NodePoolHeadroom';
export { nodePoolHeadroom, HEADROOM_WARNING_AT } from './nodePoolHeadroom';
