import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import useAsync from 'react-use/esm/useAsync';
import { nodeMixApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { ClusterView } from '../ClusterView';

/** Annotation on a `kubernetes-cluster` Resource naming its cluster in the kubernetes config. */
export const CLUSTER_NAME_ANNOTATION = 'casino.io/cluster-name';

/**
 * The node mix of the cluster a Resource stands for. A cluster in the catalog
 * that this portal does not read (not in `kubernetes.clusterLocatorMethods`)
 * says so and names the clusters it does read, instead of a bare 404.
 */
export function ClusterEntityContent() {
  const { entity } = useEntity();
  const api = useApi(nodeMixApiRef);
  const clustersLink = useRouteRef(rootRouteRef);
  const name = entity.metadata.annotations?.[CLUSTER_NAME_ANNOTATION];
  const clusters = useAsync(
    async () => (name ? api.listClusters() : []),
    [api, name],
  );
  if (!name) {
    return (
      <Content>
        <Alert severity="info">
          Add the annotation <code>{CLUSTER_NAME_ANNOTATION}</code> with the
          cluster's name from the kubernetes config to see its node mix.
        </Alert>
      </Content>
    );
  }
  if (clusters.loading) return <Progress />;
  if (clusters.error) return <ResponseErrorPanel error={clusters.error} />;
  const read = (clusters.value ?? []).map(c => c.name);
  if (!read.includes(name)) {
    return (
      <Content>
        <EmptyState
          missing="data"
          title={`The portal does not read cluster '${name}'`}
          description={`This Resource names cluster '${name}' (${CLUSTER_NAME_ANNOTATION}), but it is not among the clusters this portal is configured to read (kubernetes.clusterLocatorMethods), so there is no node mix to show. ${
            read.length
              ? `Clusters read: ${read.join(', ')}.`
              : 'No cluster is configured.'
          }`}
          action={
            clustersLink ? (
              <Button variant="contained" href={clustersLink()}>
                Open the clusters the portal reads
              </Button>
            ) : undefined
          }
        />
      </Content>
    );
  }
  return (
    <Content>
      <ClusterView name={name} />
    </Content>
  );
}
