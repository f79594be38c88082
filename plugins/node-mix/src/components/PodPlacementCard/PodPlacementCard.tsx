import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { WorkloadPod } from '@internal/plugin-node-mix-common';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { nodeMixApiRef } from '../../api';

/** The annotation the Kubernetes tab finds a component's pods by. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

type Row = WorkloadPod & { cluster: string; id: string };

const ARCH: Record<string, string> = {
  arm64: 'arm64 (Graviton)',
  amd64: 'amd64 (x86)',
};

const columns: TableColumn<Row>[] = [
  { title: 'Pod', field: 'name' },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Node', field: 'node' },
  {
    title: 'Architecture',
    field: 'arch',
    render: row => ARCH[row.arch] ?? row.arch,
  },
  { title: 'Capacity', field: 'capacityType' },
  { title: 'Instance type', field: 'instanceType' },
];

/**
 * Where a component's pods run: node, architecture and capacity type per
 * pod, which the stock Kubernetes tab does not show (its pod table has no
 * node columns). Read from node-mix, which checks the read permission.
 */
export function PodPlacementCard() {
  const { entity } = useEntity();
  const api = useApi(nodeMixApiRef);
  const kubernetesId =
    entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ?? '';
  const { value, loading, error } = useAsync(async () => {
    const clusters = await api.listClusters();
    const results = await Promise.all(
      clusters.map(async c => {
        try {
          const pods = await api.getWorkloadPods(c.name, kubernetesId);
          return { rows: pods.items, problem: undefined };
        } catch (e) {
          return {
            rows: [] as WorkloadPod[],
            problem: `${c.title ?? c.name}: ${(e as Error).message}`,
          };
        }
      }),
    );
    const rows: Row[] = results.flatMap((r, i) =>
      r.rows.map(p => ({
        ...p,
        cluster: clusters[i].title ?? clusters[i].name,
        id: `${clusters[i].name}/${p.namespace}/${p.name}`,
      })),
    );
    const problems = results.flatMap(r => (r.problem ? [r.problem] : []));
    return { rows, problems };
  }, [api, kubernetesId]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <InfoCard title="Pods and their nodes" noPadding>
      {value!.problems.map(p => (
        <Typography key={p} variant="body2" color="error" sx={{ px: 2, pt: 1 }}>
          {p}
        </Typography>
      ))}
      <Table<Row>
        options={{ paging: false, search: false, toolbar: false }}
        columns={columns}
        data={value!.rows}
        emptyContent={
          <Typography variant="body2" sx={{ p: 2 }}>
            No pods labelled {KUBERNETES_ID_ANNOTATION}={kubernetesId} in any
            cluster node-mix reads.
          </Typography>
        }
      />
    </InfoCard>
  );
}
