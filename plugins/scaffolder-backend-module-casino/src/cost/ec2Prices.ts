import { Ec2PriceTable } from './estimate';

/**
 * The dated EC2 on-demand price table shared with the cost dashboard.
 * TODO(node-mix): import from @internal/plugin-node-mix-common when it ships the table.
 *
 * @internal
 */
export const ec2PriceTable: Ec2PriceTable = {
  id: 'pending',
  asOf: '',
  source: '',
  onDemand: {},
};
