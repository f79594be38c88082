import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
  GetCostAndUsageCommandOutput,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';

const THROTTLING = new Set([
  'ThrottlingException',
  'LimitExceededException',
  'TooManyRequestsException',
]);

/**
 * AWS Cost Explorer's `GetCostAndUsage`: every page of an answer, retried
 * with backoff while Cost Explorer throttles.
 */
export class AwsCostExplorerClient {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly options: {
      region: string;
      credentials?: {
        accessKeyId: string;
        secretAccessKey: string;
        sessionToken?: string;
      };
      logger: LoggerService;
      /** The SDK client to use (tests); else one per call. */
      client?: CostExplorerClient;
      sleep?: (ms: number) => Promise<void>;
      maxAttempts?: number;
    },
  ) {
    this.sleep = options.sleep ?? (ms => new Promise(r => setTimeout(r, ms)));
  }

  /** The results of every page, in order. */
  async getCostAndUsage(
    input: GetCostAndUsageCommandInput,
  ): Promise<ResultByTime[]> {
    const client = this.client();
    const results: ResultByTime[] = [];
    let token: string | undefined;
    do {
      const page = await this.send(client, { ...input, NextPageToken: token });
      results.push(...(page.ResultsByTime ?? []));
      token = page.NextPageToken;
    } while (token);
    return results;
  }

  private client(): CostExplorerClient {
    const { region, credentials } = this.options;
    return (
      this.options.client ??
      new CostExplorerClient({ region, credentials, maxAttempts: 1 })
    );
  }

  private async send(
    client: CostExplorerClient,
    input: GetCostAndUsageCommandInput,
  ): Promise<GetCostAndUsageCommandOutput> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.send(new GetCostAndUsageCommand(input));
      } catch (e) {
        const name = (e as Error).name;
        if (!THROTTLING.has(name) || attempt >= maxAttempts) {
          throw e;
        }
        // Cost Explorer allows a few requests per second: back off exponentially with jitter.
        const delay =
          Math.min(30_000, 500 * 2 ** (attempt - 1)) *
          (0.5 + Math.random() / 2);
        this.options.logger.info(
          `Cost Explorer throttled (${name}); retrying in ${Math.round(
            delay,
          )} ms`,
        );
        await this.sleep(delay);
      }
    }
  }
}
