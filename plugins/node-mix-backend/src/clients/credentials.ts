import { Config } from '@backstage/config';
import {
  AwsIamStrategy,
  DispatchStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';

/** Gets the credential for a cluster (the Kubernetes backend's auth strategies). */
export interface ClusterCredentialProvider {
  getCredential(cluster: ClusterDetails): Promise<KubernetesCredential>;
}

/**
 * Credentials for a cluster, from the Kubernetes backend's own auth
 * strategies (`serviceAccount`, `aws`). A configured service account token
 * is used as is, which is what ServiceAccountStrategy does too.
 */
export function createCredentialProvider(
  config: Config,
): ClusterCredentialProvider {
  let strategies: DispatchStrategy | undefined;
  return {
    async getCredential(cluster) {
      const provider =
        cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
      const token = cluster.authMetadata.serviceAccountToken;
      if (provider === 'serviceAccount' && token) {
        return { type: 'bearer token', token };
      }
      strategies ??= new DispatchStrategy({
        authStrategyMap: {
          serviceAccount: new ServiceAccountStrategy(),
          aws: new AwsIamStrategy({ config }),
        },
      });
      return strategies.getCredential(cluster, {});
    },
  };
}
