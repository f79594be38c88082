import type { FilterPredicate } from '@backstage/filter-predicates';

/**
 * Where the plugin's entity tab and card appear, as entity predicates: an
 * app can replace either under `app.extensions` (the extension's
 * `config.filter`) without a code change.
 */

/** Kubernetes-cluster Resources: the "Node mix" tab. */
export const kubernetesClusterFilter: FilterPredicate = {
  kind: 'resource',
  'spec.type': 'kubernetes-cluster',
};

/** Anything with a kubernetes-id annotation: the pod placement card. */
export const kubernetesIdFilter: FilterPredicate = {
  'metadata.annotations.backstage.io/kubernetes-id': { $exists: true },
};
