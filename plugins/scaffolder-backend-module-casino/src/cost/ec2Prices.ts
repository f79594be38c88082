import { AWS_ON_DEMAND_PRICES } from '@internal/plugin-node-mix-common';
import { Ec2PriceTable } from './estimate';

/**
 * The dated EC2 on-demand price table shared with the cost dashboard, so the
 * pull request estimates and the dashboard agree.
 *
 * @internal
 */
export const ec2PriceTable: Ec2PriceTable = AWS_ON_DEMAND_PRICES;
