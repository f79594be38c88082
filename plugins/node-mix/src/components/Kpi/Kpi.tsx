import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/** One headline figure with its label above it, as on the cluster and Fleet pages. */
export function Kpi(props: {
  label: string;
  value: string;
  /** Shown on hover. */
  hint?: string;
  testId?: string;
}) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {props.label}
      </Typography>
      <Typography variant="h6" title={props.hint} data-testid={props.testId}>
        {props.value}
      </Typography>
    </Box>
  );
}
