import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/** One ✓/✗ check with its reason. */
export function CheckRow(props: {
  label: string;
  ok: boolean;
  reason: string;
  testId?: string;
}) {
  const { label, ok, reason, testId } = props;
  return (
    <Box
      display="flex"
      gap={1.5}
      alignItems="flex-start"
      py={1}
      data-testid={testId}
      role="status"
      aria-label={`${label}: ${ok ? 'passed' : 'failed'}`}
    >
      <Typography
        component="span"
        variant="h6"
        color={ok ? 'success.main' : 'error.main'}
        aria-hidden
      >
        {ok ? '✓' : '✗'}
      </Typography>
      <Box>
        <Typography variant="subtitle1">{label}</Typography>
        <Typography variant="body2" color="text.secondary">
          {reason}
        </Typography>
      </Box>
    </Box>
  );
}
