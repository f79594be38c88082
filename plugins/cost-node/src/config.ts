import { Config } from '@backstage/config';
import { ShareOptions } from './allocation';

/**
 * Reads `cost.allocation.*`: the cost plugin reports the rule on the Cost
 * page and the Kubernetes module allocates with it, so both read it here.
 * @public
 */
export function readCostShareOptions(root: Config): ShareOptions {
  const config = root.getOptionalConfig('cost.allocation');
  const rule = config?.getOptionalString('shareRule') ?? 'proportional';
  if (rule !== 'proportional' && rule !== 'even' && rule !== 'none') {
    throw new Error(
      `Invalid config 'cost.allocation.shareRule': '${rule}' must be proportional, even or none`,
    );
  }
  return {
    rule,
    namespaces: config?.getOptionalStringArray('sharedNamespaces') ?? [
      'kube-system',
      'monitoring',
    ],
    idle: config?.getOptionalBoolean('shareIdle') ?? true,
  };
}

/**
 * A non-negative integer at `key` (a full path such as
 * `cost.aws.lookbackDays`), else `fallback`; 0 is returned as is.
 * @public
 */
export function readNonNegativeInteger(
  root: Config,
  key: string,
  fallback: number,
): number {
  const v = root.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(v) || v < 0) {
    throw new Error(
      `Invalid config '${key}': ${v} must be a non-negative integer`,
    );
  }
  return v;
}
