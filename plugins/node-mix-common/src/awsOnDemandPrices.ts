import { PriceTable } from './pricing';

const SIZES = [
  'medium',
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
  '24xlarge',
  '32xlarge',
];
const FACTOR: Record<string, number> = {
  medium: 0.5,
  large: 1,
  xlarge: 2,
  '2xlarge': 4,
  '4xlarge': 8,
  '8xlarge': 16,
  '12xlarge': 24,
  '16xlarge': 32,
  '24xlarge': 48,
  '32xlarge': 64,
};
// Sizes each family is sold in (x86 has no medium; Graviton 3 tops out at 16xlarge).
const FAMILY_SIZES: Record<string, string[]> = {
  m6i: SIZES.slice(1),
  c6i: SIZES.slice(1),
  r6i: SIZES.slice(1),
  m7g: SIZES.slice(0, 8),
  c7g: SIZES.slice(0, 8),
  r7g: SIZES.slice(0, 8),
};

/**
 * Hourly price of the `.large` size, Linux, shared tenancy. Every other size
 * of these families is priced linearly from it (AWS prices them so).
 */
const LARGE_PRICE: Record<string, Record<string, number>> = {
  'us-east-1': {
    m6i: 0.096,
    c6i: 0.085,
    r6i: 0.126,
    m7g: 0.0816,
    c7g: 0.0725,
    r7g: 0.1071,
  },
  'eu-central-1': {
    m6i: 0.115,
    c6i: 0.097,
    r6i: 0.152,
    m7g: 0.0972,
    c7g: 0.0862,
    r7g: 0.1285,
  },
};

function expand(): PriceTable['onDemand'] {
  const out: PriceTable['onDemand'] = {};
  for (const [region, families] of Object.entries(LARGE_PRICE)) {
    out[region] = {};
    for (const [family, large] of Object.entries(families)) {
      for (const size of FAMILY_SIZES[family]) {
        out[region][`${family}.${size}`] =
          Math.round(large * FACTOR[size] * 1e5) / 1e5;
      }
    }
  }
  return out;
}

/**
 * On-demand EC2 prices for the platform's NodePool families (m6i/c6i/r6i,
 * m7g/c7g/r7g) in us-east-1 and eu-central-1. Shared here so the cost
 * dashboard (node-mix backend) and the templates' pull request estimates
 * (scaffolder module) price nodes from the same dated table.
 *
 * TODO(pricing): read these from the AWS Price List API
 * (`pricing:GetProducts`) when credentials are configured, and spot prices
 * from `ec2:DescribeSpotPriceHistory`; until then correct or extend them with
 * `nodeMix.pricing.onDemandOverrides`.
 * @public
 */
export const AWS_ON_DEMAND_PRICES: PriceTable = {
  id: 'aws-ec2-ondemand-linux-2026-11',
  asOf: '2026-11-27',
  source:
    'AWS EC2 On-Demand pricing (aws.amazon.com/ec2/pricing/on-demand), Linux, shared tenancy; transcribed into the plugin, not fetched live',
  currency: 'USD',
  onDemand: expand(),
};
