import { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
} from '@backstage/plugin-kubernetes-common';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/**
 * The clusters of the portal's `kubernetes` config, read the way the
 * Kubernetes backend's config cluster locator reads them, so node-mix and
 * the Kubernetes tab always look at the same clusters with the same auth.
 *
 * Clusters of a `type: catalog` method come from the catalog at run time
 * (`catalogClusters.ts`, `CatalogClusterSync.ts`).
 */
export function readClustersFromConfig(config: Config): ClusterDetails[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const clusters: ClusterDetails[] = [];
  const seen = new Set<string>();
  for (const method of methods) {
    if (method.getString('type') !== 'config') {
      continue;
    }
    for (const c of method.getOptionalConfigArray('clusters') ?? []) {
      const name = c.getString('name');
      if (seen.has(name)) {
        throw new Error(
          `Duplicate cluster name '${name}' in kubernetes.clusterLocatorMethods`,
        );
      }
      seen.add(name);
      const authMetadataBlock =
        c.getOptional<Record<string, string>>('authMetadata');
      const authProvider =
        authMetadataBlock?.[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
        c.getOptionalString('authProvider');
      if (!authProvider) {
        throw new Error(
          `Cluster '${name}' has no authProvider in kubernetes.clusterLocatorMethods`,
        );
      }
      const serviceAccountToken = c.getOptionalString('serviceAccountToken');
      const assumeRole = c.getOptionalString('assumeRole');
      const externalId = c.getOptionalString('externalId');
      const title = c.getOptionalString('title');
      clusters.push({
        name,
        ...(title ? { title } : {}),
        url: c.getString('url'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        skipMetricsLookup: c.getOptionalBoolean('skipMetricsLookup') ?? false,
        caData: c.getOptionalString('caData'),
        caFile: c.getOptionalString('caFile'),
        authMetadata: {
          [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
          ...(serviceAccountToken ? { serviceAccountToken } : {}),
          ...(assumeRole
            ? { [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]: assumeRole }
            : {}),
          ...(externalId
            ? { [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]: externalId }
            : {}),
          ...authMetadataBlock,
        },
      });
    }
  }
  return clusters;
}
