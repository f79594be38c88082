import { Config } from '@backstage/config';
import { PriceDiscount } from '@internal/pricing';

/** `nodeMix.pricing.aws`, `nodeMix.pricing.discounts` and `nodeMix.pricing.nodeOverlays`. */
export interface PriceSettings {
  aws: {
    enabled: boolean;
    /** Regions whose on-demand and spot prices are read. */
    regions: string[];
    /** Where the Price List API is called (it has few endpoints). */
    priceListRegion: string;
    refreshIntervalMinutes: number;
    /** Families whose spot prices are read (all their sizes). */
    spotInstanceFamilies: string[];
    /** Attempts per AWS call when throttled. */
    maxAttempts: number;
  };
  discounts: PriceDiscount[];
  /** Read the clusters' Karpenter NodeOverlays and apply their prices. */
  nodeOverlays: boolean;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const FAMILY = /^[a-z]+\d+[a-z-]*$/;

function invalid(key: string, why: string): Error {
  return new Error(`Invalid config 'nodeMix.pricing.${key}': ${why}`);
}

/** Reads and checks the live-price and discount config. */
export function readPriceSettings(
  root: Config,
  defaultRegion: string,
): PriceSettings {
  const config = root.getOptionalConfig('nodeMix.pricing');
  const aws = config?.getOptionalConfig('aws');
  const regions = aws?.getOptionalStringArray('regions') ?? [defaultRegion];
  for (const r of regions) {
    if (!REGION.test(r))
      throw invalid('aws.regions', `'${r}' is no AWS region`);
  }
  const priceListRegion =
    aws?.getOptionalString('priceListRegion') ?? 'us-east-1';
  if (!REGION.test(priceListRegion)) {
    throw invalid(
      'aws.priceListRegion',
      `'${priceListRegion}' is no AWS region`,
    );
  }
  const refreshIntervalMinutes =
    aws?.getOptionalNumber('refreshIntervalMinutes') ?? 360;
  if (!(refreshIntervalMinutes >= 5)) {
    throw invalid(
      'aws.refreshIntervalMinutes',
      `${refreshIntervalMinutes} must be at least 5`,
    );
  }
  const spotInstanceFamilies = aws?.getOptionalStringArray(
    'spotInstanceFamilies',
  ) ?? ['m6i', 'c6i', 'r6i', 'm7g', 'c7g', 'r7g'];
  for (const f of spotInstanceFamilies) {
    if (!FAMILY.test(f)) {
      throw invalid('aws.spotInstanceFamilies', `'${f}' is no instance family`);
    }
  }
  const maxAttempts = aws?.getOptionalNumber('maxAttempts') ?? 5;
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    throw invalid(
      'aws.maxAttempts',
      `${maxAttempts} must be a whole number >= 1`,
    );
  }

  const discounts = (config?.getOptionalConfigArray('discounts') ?? []).map(
    (d, i) => {
      const name = d.getString('name');
      const rate = d.getNumber('rate');
      if (!(rate >= 0 && rate < 1)) {
        throw invalid(`discounts[${i}].rate`, `${rate} is not between 0 and 1`);
      }
      const capacityTypes = d.getOptionalStringArray('capacityTypes') ?? [
        'on-demand',
      ];
      for (const c of capacityTypes) {
        if (c !== 'on-demand' && c !== 'spot') {
          throw invalid(
            `discounts[${i}].capacityTypes`,
            `'${c}' is neither on-demand nor spot`,
          );
        }
      }
      const instanceFamilies = d.getOptionalStringArray('instanceFamilies');
      const discountRegions = d.getOptionalStringArray('regions');
      return {
        name,
        rate,
        capacityTypes,
        ...(instanceFamilies ? { instanceFamilies } : {}),
        ...(discountRegions ? { regions: discountRegions } : {}),
      };
    },
  );

  return {
    aws: {
      enabled: aws?.getOptionalBoolean('enabled') ?? false,
      regions,
      priceListRegion,
      refreshIntervalMinutes,
      spotInstanceFamilies,
      maxAttempts,
    },
    discounts,
    nodeOverlays: config?.getOptionalBoolean('nodeOverlays.enabled') ?? true,
  };
}
