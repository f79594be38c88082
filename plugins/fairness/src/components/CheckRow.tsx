import { CheckStatus, checkStatus } from '@internal/plugin-fairness-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

const LOOK: Record<CheckStatus, { mark: string; color: string; word: string }> =
  {
    verified: { mark: '✓', color: 'success.main', word: 'passed' },
    pending: { mark: '⏳', color: 'warning.main', word: 'pending' },
    failed: { mark: '✗', color: 'error.main', word: 'failed' },
  };

/** One check, verified (✓), pending (⏳, may verify later) or failed (✗), with its reason. */
export function CheckRow(props: {
  label: string;
  ok: boolean;
  pending?: boolean;
  reason: string;
  testId?: string;
}) {
  const { label, reason, testId } = props;
  const look = LOOK[checkStatus(props)];
  return (
    <Box
      display="flex"
      gap={1.5}
      alignItems="flex-start"
      py={1}
      data-testid={testId}
      role="status"
      aria-label={`${label}: ${look.word}`}
    >
      <Typography component="span" variant="h6" color={look.color} aria-hidden>
        {look.mark}
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
