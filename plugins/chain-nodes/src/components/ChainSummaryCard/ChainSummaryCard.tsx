import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { ChainNodeState } from '@internal/plugin-chain-nodes-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { chainNodesApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { StateChip } from '../StateChip';

/** Summary of a system's chain nodes: counts per state and the unhealthy ones. */
export function ChainSummaryCard() {
  const { entity } = useEntity();
  const api = useApi(chainNodesApiRef);
  const fleetLink = useRouteRef(rootRouteRef);
  const systemRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(() => api.getFleet(), [api]);
  const nodes = value?.nodes.filter(n => n.system === systemRef) ?? [];
  const count = (s: ChainNodeState) => nodes.filter(n => n.state === s).length;
  const unhealthy = nodes.filter(
    n => n.state === 'down' || n.state === 'degraded',
  );

  return (
    <InfoCard
      title="Chain nodes"
      deepLink={
        fleetLink ? { title: 'All chain nodes', link: fleetLink() } : undefined
      }
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && nodes.length === 0 && (
        <Typography>No chain nodes belong to this system.</Typography>
      )}
      {value && nodes.length > 0 && (
        <Stack spacing={2}>
          <Stack direction="row" spacing={3}>
            {(['down', 'degraded', 'healthy', 'unknown'] as const).map(s => (
              <Box key={s} display="flex" alignItems="center" gap={1}>
                <StateChip state={s} />
                <Typography>{count(s)}</Typography>
              </Box>
            ))}
          </Stack>
          {unhealthy.map(n => (
            <Box key={n.entityRef}>
              <EntityRefLink
                entityRef={n.entityRef}
                title={n.title ?? n.name}
              />{' '}
              <StateChip state={n.state} />
              <Typography variant="body2" color="text.secondary">
                {n.reasons.join('; ')}
              </Typography>
            </Box>
          ))}
          {unhealthy.length === 0 && (
            <Typography>All chain nodes are healthy.</Typography>
          )}
        </Stack>
      )}
    </InfoCard>
  );
}
