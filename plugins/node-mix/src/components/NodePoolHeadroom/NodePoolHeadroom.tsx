import { NodePoolUsage } from '@internal/plugin-node-mix-common';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { nodePoolHeadroom } from './nodePoolHeadroom';

/** One warning per NodePool that is close to, or at, its limits. */
export function NodePoolHeadroom(props: { nodePools: NodePoolUsage[] }) {
  const warnings = props.nodePools
    .map(p => ({ name: p.name, text: nodePoolHeadroom(p) }))
    .filter((w): w is { name: string; text: string } => Boolean(w.text));
  if (warnings.length === 0) return null;
  return (
    <Stack spacing={1} aria-label="NodePool headroom">
      {warnings.map(w => (
        <Alert key={w.name} severity="warning">
          {w.text}
        </Alert>
      ))}
    </Stack>
  );
}
