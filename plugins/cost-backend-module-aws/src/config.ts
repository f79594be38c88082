import { Config } from '@backstage/config';
import { readNonNegativeInteger } from '@internal/plugin-cost-node';

/** `cost.aws` with defaults applied. */
export interface AwsCostConfig {
  region: string;
  credentials?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
  teamTag: string;
  serviceTag: string;
  lookbackDays: number;
  excludeServices: string[];
  intervalMinutes: number;
}

/** Reads and checks `cost.aws`; undefined when the key is absent (the source is off). */
export function readAwsCostConfig(root: Config): AwsCostConfig | undefined {
  const aws = root.getOptionalConfig('cost.aws');
  if (!aws) {
    return undefined;
  }
  const accessKeyId = aws.getOptionalString('accessKeyId');
  const secretAccessKey = aws.getOptionalString('secretAccessKey');
  if ((accessKeyId && !secretAccessKey) || (!accessKeyId && secretAccessKey)) {
    throw new Error(
      `Invalid config 'cost.aws': set both accessKeyId and secretAccessKey, or neither`,
    );
  }
  return {
    region: aws.getOptionalString('region') ?? 'us-east-1',
    credentials:
      accessKeyId && secretAccessKey
        ? {
            accessKeyId,
            secretAccessKey,
            sessionToken: aws.getOptionalString('sessionToken'),
          }
        : undefined,
    teamTag: aws.getOptionalString('teamTag') ?? 'team',
    serviceTag: aws.getOptionalString('serviceTag') ?? 'service',
    lookbackDays:
      readNonNegativeInteger(root, 'cost.aws.lookbackDays', 14) || 14,
    excludeServices: aws.getOptionalStringArray('excludeServices') ?? [
      'Amazon Elastic Compute Cloud - Compute',
    ],
    intervalMinutes:
      readNonNegativeInteger(root, 'cost.aws.intervalMinutes', 360) || 360,
  };
}
