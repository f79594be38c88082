// TODO(node-mix): import AWS_ON_DEMAND_PRICES from @internal/plugin-node-mix-common
// once the table moves there; it is the cost dashboard's dated table, read
// here so the pull request estimates and the dashboard agree.
import { AWS_ON_DEMAND_PRICES } from '@internal/plugin-node-mix-backend/src/prices/awsOnDemandPrices';
import { Ec2PriceTable } from './estimate';

/**
 * The dated EC2 on-demand price table shared with the cost dashboard.
 *
 * @internal
 */
export const ec2PriceTable: Ec2PriceTable = AWS_ON_DEMAND_PRICES;
