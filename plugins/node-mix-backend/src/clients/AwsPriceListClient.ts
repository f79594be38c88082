import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GetProductsCommand,
  GetProductsCommandOutput,
  PricingClient,
} from '@aws-sdk/client-pricing';
import { RetryOptions, sendWithRetry } from './awsRetry';

/** On-demand prices of one region as the Price List API gave them. */
export interface OnDemandPriceList {
  region: string;
  /** instance type -> USD per hour */
  prices: Map<string, number>;
  /** Entries that were not a readable hourly USD price. */
  skipped: number;
  pages: number;
}

function hourlyUsd(entry: unknown): { type: string; usd: number } | undefined {
  const item = entry as any;
  const attributes = item?.product?.attributes;
  const type = attributes?.instanceType;
  if (typeof type !== 'string' || !/^[a-z0-9-]+\.[a-z0-9-]+$/.test(type)) {
    return undefined;
  }
  // Capacity Blocks and reservations are other market options.
  if (attributes.marketoption && attributes.marketoption !== 'OnDemand') {
    return undefined;
  }
  const terms = item?.terms?.OnDemand;
  if (!terms || typeof terms !== 'object') return undefined;
  for (const term of Object.values<any>(terms)) {
    for (const dim of Object.values<any>(term?.priceDimensions ?? {})) {
      const usd = Number(dim?.pricePerUnit?.USD);
      if (dim?.unit === 'Hrs' && Number.isFinite(usd) && usd > 0) {
        return { type, usd };
      }
    }
  }
  return undefined;
}

/**
 * EC2 on-demand prices from the AWS Price List API (`GetProducts`, service
 * `AmazonEC2`): Linux, shared tenancy, no pre-installed software, used
 * capacity, every page. Each `PriceList` entry is a JSON string; the hourly
 * USD price is in `terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD`.
 */
export class AwsPriceListClient {
  constructor(
    private readonly client: PricingClient,
    private readonly retry: RetryOptions,
  ) {}

  /** The Price List API has endpoints in us-east-1, eu-central-1 and ap-south-1. */
  static create(options: {
    endpointRegion: string;
    retry: RetryOptions;
  }): AwsPriceListClient {
    // credentials: the default AWS chain (env, profile, IRSA / pod identity)
    const client = new PricingClient({
      region: options.endpointRegion,
      maxAttempts: 1,
    });
    return new AwsPriceListClient(client, options.retry);
  }

  async onDemandPrices(
    region: string,
    logger: LoggerService = this.retry.logger,
  ): Promise<OnDemandPriceList> {
    const filter = (Field: string, Value: string) => ({
      Type: 'TERM_MATCH' as const,
      Field,
      Value,
    });
    const prices = new Map<string, number>();
    let skipped = 0;
    let pages = 0;
    let token: string | undefined;
    do {
      const command = new GetProductsCommand({
        ServiceCode: 'AmazonEC2',
        FormatVersion: 'aws_v1',
        MaxResults: 100,
        NextToken: token,
        Filters: [
          filter('regionCode', region),
          filter('productFamily', 'Compute Instance'),
          filter('operatingSystem', 'Linux'),
          filter('tenancy', 'Shared'),
          filter('preInstalledSw', 'NA'),
          filter('capacitystatus', 'Used'),
        ],
      });
      const page: GetProductsCommandOutput = await sendWithRetry(
        `the AWS Price List API (GetProducts, ${region})`,
        () => this.client.send(command),
        this.retry,
      );
      pages++;
      for (const raw of page.PriceList ?? []) {
        let parsed: { type: string; usd: number } | undefined;
        try {
          parsed = hourlyUsd(JSON.parse(String(raw)));
        } catch {
          parsed = undefined;
        }
        if (!parsed) {
          skipped++;
        } else if (!prices.has(parsed.type)) {
          prices.set(parsed.type, parsed.usd);
        }
      }
      token = page.NextToken || undefined;
    } while (token);
    if (skipped) {
      logger.debug(
        `AWS Price List ${region}: ${skipped} entries without an hourly USD price skipped`,
      );
    }
    return { region, prices, skipped, pages };
  }
}
