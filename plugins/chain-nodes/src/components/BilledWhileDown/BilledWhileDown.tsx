import { ChainNodeStatus } from '@internal/plugin-chain-nodes-common';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { billedWhileDown } from './billedWhileDown';

/** A warning chip on a down node whose Hetzner server is still billed. */
export function BilledWhileDown(props: { node: ChainNodeStatus }) {
  const reason = billedWhileDown(props.node);
  if (!reason) return null;
  return (
    <Tooltip title={reason}>
      <Chip
        size="small"
        color="warning"
        variant="outlined"
        label="billed while down"
        aria-label={reason}
      />
    </Tooltip>
  );
}
