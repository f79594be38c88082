import { NodeClaimIssue } from '@internal/plugin-node-mix-common';
import Chip from '@mui/material/Chip';

const COLORS = {
  disrupted: 'error',
  drifted: 'warning',
  expiring: 'default',
} as const;

/** A NodeClaim issue's kind as a chip: disrupted red, drifted amber, expiring plain. */
export function NodeClaimIssueChip(props: { kind: NodeClaimIssue['kind'] }) {
  return <Chip size="small" color={COLORS[props.kind]} label={props.kind} />;
}
