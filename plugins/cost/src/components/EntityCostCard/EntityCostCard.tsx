import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../../api';
import { TeamCost } from '../TeamCost';

/** Cost card on Group and Component pages. */
export function EntityCostCard() {
  const { entity } = useEntity();
  const api = useApi(costApiRef);
  const ref = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getEntity(ref, 30),
    [api, ref],
  );
  return (
    <InfoCard title="Cost (30 days)">
      {loading && <Progress />}
      {error && (error as any).response?.status === 404 ? (
        <Typography variant="body2">
          No cost recorded for this entity yet.
        </Typography>
      ) : (
        error && <ResponseErrorPanel error={error} />
      )}
      {value && <TeamCost cost={value} compact />}
    </InfoCard>
  );
}
