import { AWS_ON_DEMAND_PRICES, AWS_SPOT_PRICING } from '@internal/pricing';
import { NodeMixClient } from '@internal/plugin-node-mix-node';

/**
 * The prices node-mix uses (AWS prices with their dates, discounts), so the
 * NodePool estimate agrees with the Clusters and Cost pages; the shipped
 * table, saying why, when node-mix cannot answer.
 * @internal
 */
export function nodeMixPrices(nodeMix: Pick<NodeMixClient, 'getPricing'>) {
  return async () => {
    try {
      return await nodeMix.getPricing();
    } catch (e) {
      return {
        priceTable: {
          ...AWS_ON_DEMAND_PRICES,
          fallbackReason: `node-mix did not answer: ${(e as Error).message}`,
        },
        spot: AWS_SPOT_PRICING,
      };
    }
  };
}
