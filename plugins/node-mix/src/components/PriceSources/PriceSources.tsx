import {
  describeAdjustments,
  describeBasis,
  formatUsd,
  NodeRow,
  PricingInfo,
} from '@internal/plugin-node-mix-common';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

const requirement = (r: { key: string; operator: string; values?: string[] }) =>
  `${r.key.replace(/^.*\//, '')} ${r.operator}${
    r.values?.length ? ` ${r.values.join(', ')}` : ''
  }`;

/**
 * Where the cluster's prices came from and how old they are ("AWS Price
 * List (eu-central-1), 3 h ago", "shipped table (2026-11-27), offline
 * fallback (…)"), with the NodeOverlays and discounts that changed them.
 */
export function PriceSources(props: { pricing: PricingInfo; now?: number }) {
  const { pricing } = props;
  const now = props.now ?? Date.now();
  const sources = pricing.sources ?? [];
  const fallback = sources.some(s => s.basis.origin === 'shipped-table');
  return (
    <Box component="section" aria-label="Prices">
      <Typography variant="subtitle2" gutterBottom>
        Prices
      </Typography>
      {sources.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          No node was priced: {pricing.source}.
        </Typography>
      )}
      <Stack spacing={0.5}>
        {sources.map(s => (
          <Stack
            key={`${s.capacityType}|${s.basis.label}|${s.basis.fallbackReason}`}
            direction="row"
            spacing={1}
            alignItems="center"
          >
            <Chip
              size="small"
              variant="outlined"
              color={s.basis.origin === 'shipped-table' ? 'warning' : 'default'}
              label={`${s.capacityType} · ${s.nodes} node${
                s.nodes === 1 ? '' : 's'
              }`}
            />
            <Typography variant="body2">
              {describeBasis(s.basis, now)}
            </Typography>
          </Stack>
        ))}
      </Stack>
      {(pricing.overlays ?? []).map(o => (
        <Typography key={o.name} variant="body2" sx={{ mt: 0.5 }}>
          Karpenter NodeOverlay <strong>{o.name}</strong> (weight {o.weight}):{' '}
          {o.price !== undefined
            ? `price ${o.price} USD/h`
            : `price adjustment ${o.priceAdjustment}`}{' '}
          for {o.requirements.map(requirement).join('; ') || 'every node'}
        </Typography>
      ))}
      {(pricing.discounts ?? []).map(d => (
        <Typography key={d.name} variant="body2" sx={{ mt: 0.5 }}>
          Discount <strong>{d.name}</strong>: {Math.round(d.rate * 1000) / 10}%
          off {d.capacityTypes.join(' and ')}
          {d.instanceFamilies ? ` (${d.instanceFamilies.join(', ')})` : ''}
        </Typography>
      ))}
      {pricing.listCostPerHour !== undefined && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          List price {formatUsd(pricing.listCostPerHour)}/h; the costs shown are
          effective prices after NodeOverlays and discounts.
        </Typography>
      )}
      {fallback && (
        <Typography variant="caption" color="text.secondary">
          The shipped table is {pricing.tableId}: {pricing.source}.
        </Typography>
      )}
    </Box>
  );
}

/** A node's price: effective, list, what changed it, source and age. */
export function NodePrice(props: { row: NodeRow; now?: number }) {
  const { row } = props;
  const now = props.now ?? Date.now();
  if (row.pricePerHour === null) {
    return (
      <Typography variant="body2">Price unknown: {row.priceSource}</Typography>
    );
  }
  return (
    <Stack spacing={0.25}>
      <Typography variant="body2">
        <strong>{formatUsd(row.pricePerHour)}/h</strong>
        {row.priceAdjustments?.length
          ? ` (list ${formatUsd(row.listPricePerHour)}/h: ${describeAdjustments(
              row.priceAdjustments,
            )})`
          : ''}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {row.priceBasis ? describeBasis(row.priceBasis, now) : row.priceSource}
      </Typography>
    </Stack>
  );
}
