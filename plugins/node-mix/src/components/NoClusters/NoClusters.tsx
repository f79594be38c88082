import { EmptyState } from '@backstage/core-components';

/** What the Clusters and Fleet pages show before any cluster is configured. */
export function NoClusters() {
  return (
    <EmptyState
      missing="data"
      title="No clusters"
      description="List clusters under kubernetes.clusterLocatorMethods in app-config (type config), or add kubernetes-cluster Resources to the catalog with a type: catalog locator."
    />
  );
}
