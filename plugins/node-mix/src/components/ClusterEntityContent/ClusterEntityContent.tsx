import { Content } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import { ClusterView } from '../ClusterView';

/** Annotation on a `kubernetes-cluster` Resource naming its cluster in the kubernetes config. */
export const CLUSTER_NAME_ANNOTATION = 'casino.io/cluster-name';

/** The node mix of the cluster a Resource stands for. */
export function ClusterEntityContent() {
  const { entity } = useEntity();
  const name = entity.metadata.annotations?.[CLUSTER_NAME_ANNOTATION];
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
  return (
    <Content>
      <ClusterView name={name} />
    </Content>
  );
}
