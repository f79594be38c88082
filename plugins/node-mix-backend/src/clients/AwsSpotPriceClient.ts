import {
  DescribeSpotPriceHistoryCommand,
  DescribeSpotPriceHistoryCommandOutput,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { RetryOptions, sendWithRetry } from './awsRetry';

/** Spot prices of one region: zone -> instance type -> USD per hour. */
export interface SpotPriceList {
  region: string;
  prices: Map<string, Map<string, number>>;
  pages: number;
}

/**
 * Current EC2 spot prices from `DescribeSpotPriceHistory` with `StartTime`
 * now (the price in effect in each zone), Linux/UNIX, every page.
 */
export class AwsSpotPriceClient {
  constructor(
    private readonly clientFor: (region: string) => EC2Client,
    private readonly retry: RetryOptions,
    private readonly now: () => number = Date.now,
  ) {}

  static create(options: { retry: RetryOptions }): AwsSpotPriceClient {
    const clients = new Map<string, EC2Client>();
    return new AwsSpotPriceClient(region => {
      let c = clients.get(region);
      if (!c) {
        // credentials: the default AWS chain (env, profile, IRSA / pod identity)
        c = new EC2Client({ region, maxAttempts: 1 });
        clients.set(region, c);
      }
      return c;
    }, options.retry);
  }

  async spotPrices(
    region: string,
    instanceTypes: string[],
  ): Promise<SpotPriceList> {
    const client = this.clientFor(region);
    const prices = new Map<string, Map<string, number>>();
    const seen = new Map<string, number>();
    let pages = 0;
    let token: string | undefined;
    do {
      const command = new DescribeSpotPriceHistoryCommand({
        StartTime: new Date(this.now()),
        ProductDescriptions: ['Linux/UNIX'],
        ...(instanceTypes.length
          ? { InstanceTypes: instanceTypes as any }
          : {}),
        MaxResults: 1000,
        NextToken: token,
      });
      const page: DescribeSpotPriceHistoryCommandOutput = await sendWithRetry(
        `EC2 DescribeSpotPriceHistory (${region})`,
        () => client.send(command),
        this.retry,
      );
      pages++;
      for (const p of page.SpotPriceHistory ?? []) {
        const usd = Number(p.SpotPrice);
        const zone = p.AvailabilityZone;
        const type = p.InstanceType;
        if (!zone || !type || !Number.isFinite(usd) || usd <= 0) continue;
        // the newest entry per zone and type is the price in effect
        const key = `${zone}/${type}`;
        const at = p.Timestamp ? new Date(p.Timestamp).getTime() : 0;
        if ((seen.get(key) ?? -1) >= at) continue;
        seen.set(key, at);
        let byType = prices.get(zone);
        if (!byType) prices.set(zone, (byType = new Map()));
        byType.set(type, usd);
      }
      token = page.NextToken || undefined;
    } while (token);
    return { region, prices, pages };
  }
}
