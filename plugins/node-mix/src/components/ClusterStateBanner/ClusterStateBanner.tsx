import { ClusterStatus } from '@internal/plugin-node-mix-common';
import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { DemoChip, formatAge } from '@internal/plugin-portal-react';
import Alert from '@mui/material/Alert';

/** DEMO label for the local demo endpoint. */
export function ClusterDemoChip(props: { cluster: ClusterStatus }) {
  return (
    <DemoChip
      show={props.cluster.demo}
      title="Simulated cluster served by scripts/services/demo-cluster.sh"
    />
  );
}

/** The cluster's state in words beside Backstage's status icon. */
export function ClusterStateStatus(props: { state: ClusterStatus['state'] }) {
  if (props.state === 'ok') return <StatusOK>ok</StatusOK>;
  if (props.state === 'pending') return <StatusPending>pending</StatusPending>;
  return <StatusError>error</StatusError>;
}

/** The cluster's error, and how old the data shown is. */
export function ClusterStateBanner(props: { cluster: ClusterStatus }) {
  const c = props.cluster;
  if (c.state === 'pending') {
    return (
      <Alert severity="info">
        Not read yet: the first refresh is under way.
      </Alert>
    );
  }
  if (c.state === 'error') {
    return (
      <Alert severity="error" role="alert">
        {c.error}
        {c.lastSuccessAt
          ? ` — showing the last good snapshot, ${formatAge(
              c.dataAgeSeconds,
            )} old.`
          : ' — no snapshot of this cluster has been read yet.'}
      </Alert>
    );
  }
  return null;
}
