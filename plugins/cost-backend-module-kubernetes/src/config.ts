import { Config } from '@backstage/config';
import {
  readCostShareOptions,
  readNonNegativeInteger,
  ShareOptions,
} from '@internal/plugin-cost-node';

/** `cost.kubernetes` with defaults applied, and whether it turns the source on. */
export interface KubernetesCostConfig {
  /** `cost.kubernetes.enabled` and at least one cluster for node-mix to read. */
  enabled: boolean;
  sampleIntervalMinutes: number;
  backfillDays: number;
  hourlyRetentionDays: number;
  /** How idle and shared-namespace cost is spread (`cost.allocation`). */
  share: ShareOptions;
}

/** Reads and checks `cost.kubernetes` (and `cost.allocation`). */
export function readKubernetesCostConfig(root: Config): KubernetesCostConfig {
  // node-mix reads the clusters of the Kubernetes config
  const hasClusters = (
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  ).some(m => (m.getOptionalConfigArray('clusters') ?? []).length > 0);
  return {
    enabled:
      (root.getOptionalBoolean('cost.kubernetes.enabled') ?? true) &&
      hasClusters,
    sampleIntervalMinutes:
      readNonNegativeInteger(
        root,
        'cost.kubernetes.sampleIntervalMinutes',
        15,
      ) || 15,
    backfillDays: readNonNegativeInteger(
      root,
      'cost.kubernetes.backfillDays',
      30,
    ),
    hourlyRetentionDays: readNonNegativeInteger(
      root,
      'cost.kubernetes.hourlyRetentionDays',
      100,
    ),
    share: readCostShareOptions(root),
  };
}
