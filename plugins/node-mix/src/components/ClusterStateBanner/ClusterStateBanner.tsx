import { ClusterStatus } from '@internal/plugin-node-mix-common';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import { formatAge } from '../format';

/** DEMO label for the local demo endpoint. */
export function DemoChip(props: { cluster: ClusterStatus }) {
  return props.cluster.demo ? (
    <Chip
      size="small"
      color="secondary"
      label="DEMO"
      title="Simulated cluster served by scripts/services/demo-cluster.sh"
    />
  ) : null;
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
