import useAsync from 'react-use/esm/useAsync';
import Typography from '@material-ui/core/Typography';
import Box from '@material-ui/core/Box';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { formatMoney, unitsToMicros } from '@internal/pricing';
import { DeployShape, estimateDeploy, Pricing } from './estimate';

/** `ui:options` of the DeployEstimate field. */
export interface DeployEstimateOptions {
  /** Where Argo CD runs the deployment: each environment and its cluster's catalog entity. */
  targets: Array<{ environment: string; cluster: string }>;
}

const usd = (units: number) =>
  formatMoney(unitsToMicros(units), 'USD', { precise: true });

/**
 * Shows where the deployment will run (each environment and its cluster,
 * by name) and what it costs per month: replicas x requests priced with
 * node-mix's prices (the Clusters and Cost pages' prices), with their
 * source and date. It reads the rest of the form and stores nothing.
 */
export const DeployEstimateField = (
  props: FieldExtensionComponentProps<string, DeployEstimateOptions>,
) => {
  const { formContext, uiSchema, idSchema, schema } = props;
  const targets = uiSchema['ui:options']?.targets ?? [];
  const discoveryApi = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const catalogApi = useApi(catalogApiRef);

  const pricing = useAsync(async (): Promise<Pricing> => {
    const base = await discoveryApi.getBaseUrl('node-mix');
    const response = await fetch(`${base}/prices`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }, [discoveryApi, fetch]);

  const clusters = useAsync(async () => {
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: targets.map(t => t.cluster),
      fields: ['metadata.name', 'metadata.title'],
    });
    return items.map(
      (e, i) => e?.metadata.title ?? e?.metadata.name ?? targets[i].cluster,
    );
  }, [catalogApi, targets.map(t => t.cluster).join()]);

  const shape = (formContext?.formData ?? {}) as DeployShape;
  let cost: string;
  let sources: string[] = [];
  if (pricing.loading) cost = 'Reading the prices…';
  else if (pricing.error) {
    cost = `No estimate: the prices could not be read (${pricing.error.message}).`;
  } else {
    const estimate = estimateDeploy(pricing.value!, shape);
    if ('reason' in estimate) cost = estimate.reason;
    else {
      const each = `${usd(estimate.monthly)} per month${
        estimate.monthlyCeiling !== undefined
          ? ` on spot, up to ${usd(estimate.monthlyCeiling)} on on-demand`
          : ''
      }`;
      cost = `${shape.replicas} × (${shape.cpuRequest} CPU, ${shape.memoryRequest}) on ${estimate.instanceType} in ${estimate.region}: ${each} in each environment.`;
      sources = estimate.sources;
    }
  }

  return (
    <Box
      id={idSchema?.$id}
      role="region"
      aria-label={schema.title ?? 'Where it runs and what it costs'}
      my={2}
    >
      <Typography variant="subtitle1">
        {schema.title ?? 'Where it runs and what it costs'}
      </Typography>
      <Typography variant="body2">
        Environment and cluster:{' '}
        {targets
          .map(
            (t, i) => `${t.environment} on ${clusters.value?.[i] ?? t.cluster}`,
          )
          .join(', ')}
      </Typography>
      <Typography variant="body2" data-testid="deploy-cost">
        Monthly cost: {cost}
      </Typography>
      {sources.length ? (
        <Typography variant="caption" color="textSecondary">
          Prices: {sources.join('; ')}. The Cost page charges a pod this share
          of its node.
        </Typography>
      ) : null}
    </Box>
  );
};
