/**
 * One pricing domain for the portal: the dated EC2 and Hetzner price tables,
 * the pod-request formula, money in integer micros with one formatter, and
 * the EUR to USD rule. Used by node-mix, cost and the scaffolder's estimates
 * so every page and every pull request prices a thing the same way.
 *
 * @packageDocumentation
 */
export * from './money';
export * from './currency';
export * from './ec2Prices';
export * from './hetznerPrices';
export * from './podRequests';
export * from './priceBasis';
export * from './adjustments';
