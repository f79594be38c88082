import Chip from '@mui/material/Chip';
import { ChainNodeState } from '@internal/plugin-chain-nodes-common';

const COLORS: Record<
  ChainNodeState,
  'success' | 'warning' | 'error' | 'default'
> = {
  healthy: 'success',
  degraded: 'warning',
  down: 'error',
  unknown: 'default',
};

/** The node's state as a coloured chip; "degraded" reads as "lagging / degraded". */
export function StateChip(props: {
  state: ChainNodeState;
  size?: 'small' | 'medium';
}) {
  return (
    <Chip
      size={props.size ?? 'small'}
      color={COLORS[props.state]}
      label={props.state}
      data-testid={`state-${props.state}`}
    />
  );
}
