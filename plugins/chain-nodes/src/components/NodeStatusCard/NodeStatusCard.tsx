import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ChainNodeDetails } from '@internal/plugin-chain-nodes-common';
import { formatAgo, formatDuration } from '@internal/plugin-portal-react';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { chainNodesApiRef } from '../../api';
import { formatShare, formatUptime } from '../formatUptime';
import { StateChip } from '../StateChip';
import { BilledWhileDown } from '../BilledWhileDown';

/** State, reasons, facts and uptime of one node; used by the card and the tab. */
export function NodeStatusSummary(props: { details: ChainNodeDetails }) {
  const { node, uptime } = props.details;
  const o = node.observation;
  const fact = (
    label: string,
    value: string | number | undefined | null,
    detail?: string,
  ) => (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="body2">{value ?? '—'}</Typography>
      {detail && (
        <Typography variant="caption" color="text.secondary">
          {detail}
        </Typography>
      )}
    </Box>
  );
  const uptimeFact = (label: string, key: keyof typeof uptime, days: number) =>
    fact(
      label,
      formatUptime(uptime[key], days * 86_400),
      uptime[key] ? `healthy ${formatShare(uptime[key]!.healthy)}` : undefined,
    );
  return (
    <Stack spacing={2}>
      <Box display="flex" alignItems="center" gap={1}>
        <StateChip state={node.state} size="medium" />
        <BilledWhileDown node={node} />
        <Typography variant="body2" color="text.secondary">
          since {formatAgo(node.stateSince)} · last probe{' '}
          {formatAgo(node.lastProbeAt)}
        </Typography>
      </Box>
      {node.reasons.length > 0 && (
        <Box component="ul" sx={{ m: 0, pl: 2 }} aria-label="reasons">
          {node.reasons.map(r => (
            <li key={r}>
              <Typography variant="body2">{r}</Typography>
            </li>
          ))}
        </Box>
      )}
      <Stack direction="row" spacing={3} flexWrap="wrap" useFlexGap>
        {uptimeFact('Uptime 24 h', '24h', 1)}
        {uptimeFact('Uptime 7 d', '7d', 7)}
        {uptimeFact('Uptime 30 d', '30d', 30)}
      </Stack>
      <Stack direction="row" spacing={3} flexWrap="wrap" useFlexGap>
        {fact('Chain', node.chain)}
        {fact(
          'Block',
          o?.blockNumber !== undefined ? `#${o.blockNumber}` : undefined,
        )}
        {fact(
          'Block age',
          node.blockAgeSeconds !== undefined
            ? formatDuration(node.blockAgeSeconds)
            : undefined,
        )}
        {fact(
          'Chain head',
          node.chainHead !== undefined ? `#${node.chainHead}` : undefined,
        )}
        {fact('Peers', o?.peerCount === null ? 'not reported' : o?.peerCount)}
        {fact(
          'RPC latency',
          o?.latencyMs !== undefined ? `${o.latencyMs} ms` : undefined,
        )}
        {fact('Client', o?.clientVersion)}
        {fact('RPC endpoint', node.rpcEndpoint)}
      </Stack>
      <Stack direction="row" spacing={3} flexWrap="wrap" useFlexGap>
        {fact(
          'Hetzner server',
          node.server.serverId ? `#${node.server.serverId}` : undefined,
        )}
        {fact(
          'Server status',
          node.server.status ??
            (node.server.source === 'catalog'
              ? 'not checked (no Hetzner token)'
              : undefined),
        )}
        {fact('Type', node.server.serverType)}
        {fact('Location', node.server.location)}
        {fact('Datacenter', node.server.datacenter)}
      </Stack>
    </Stack>
  );
}

/** Entity card for chain-node Resources. */
export function NodeStatusCard() {
  const { entity } = useEntity();
  const api = useApi(chainNodesApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getNode(entityRef),
    [api, entityRef],
  );
  return (
    <InfoCard title="Chain node health">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && <NodeStatusSummary details={value} />}
    </InfoCard>
  );
}
