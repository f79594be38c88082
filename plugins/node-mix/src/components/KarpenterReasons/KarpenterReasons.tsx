import {
  ConsolidationCandidate,
  KarpenterEvent,
} from '@internal/plugin-node-mix-common';
import { formatAge } from '@internal/plugin-portal-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

const REASON_COLORS: Record<string, 'error' | 'warning' | 'success' | 'info'> =
  {
    DisruptionBlocked: 'error',
    Unconsolidatable: 'warning',
    ConsolidationRejected: 'warning',
    ConsolidationCandidate: 'info',
    ConsolidationApproved: 'success',
  };

const STATE_TEXT: Record<ConsolidationCandidate['state'], string> = {
  consolidatable: 'Karpenter should remove or replace it',
  blocked: 'Blocked',
  disrupting: 'Being disrupted now',
};

/** The Balanced policy's score of a move against its threshold, as a bar. */
export function BalancedScore(props: {
  score: NonNullable<KarpenterEvent['score']>;
}) {
  const { score, threshold, k, savingsPercent, disruptionPercent } =
    props.score;
  const finite = Number.isFinite(score);
  // The threshold sits in the middle of the bar: 2x threshold fills it.
  const value = finite ? Math.min(100, (score / (2 * threshold)) * 100) : 100;
  return (
    <Box aria-label="Balanced score">
      <Typography variant="body2">
        Score {finite ? score.toFixed(2) : '∞'} {score >= threshold ? '≥' : '<'}{' '}
        threshold {threshold.toFixed(2)} (Balanced, k = {k}): saves{' '}
        {savingsPercent}% of the NodePool's cost for {disruptionPercent}% of its
        disruption
      </Typography>
      <LinearProgress
        variant="determinate"
        value={value}
        color={score >= threshold ? 'success' : 'warning'}
        sx={{ height: 8, borderRadius: 1, mt: 0.5 }}
        aria-label={`score ${
          finite ? score.toFixed(2) : 'infinite'
        } of threshold ${threshold.toFixed(2)}`}
      />
    </Box>
  );
}

/** Karpenter's own events, verbatim, with their age. */
export function KarpenterSays(props: {
  events: KarpenterEvent[];
  error?: string;
  dense?: boolean;
}) {
  const { events, error, dense } = props;
  return (
    <Stack spacing={1} aria-label="Karpenter says">
      {error && <Alert severity="warning">{error}</Alert>}
      {!error && events.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          Karpenter has said nothing about it in the last hour (its events live
          one hour).
        </Typography>
      )}
      {events.map(e => (
        <Box key={`${e.objectKind}/${e.reason}`} data-testid="karpenter-event">
          <Stack direction="row" spacing={1} alignItems="center" mb={0.25}>
            <Chip
              size="small"
              label={e.reason}
              color={REASON_COLORS[e.reason] ?? 'default'}
              variant="outlined"
            />
            <Typography variant="caption" color="text.secondary">
              {formatAge(e.ageSeconds)} ago
              {e.count > 1 ? ` · said ${e.count}×` : ''}
              {dense ? '' : ` · on the ${e.objectKind}`}
            </Typography>
          </Stack>
          <Typography
            variant="body2"
            component="blockquote"
            sx={{
              m: 0,
              pl: 1,
              borderLeft: 2,
              borderColor: 'divider',
              fontFamily: 'monospace',
              wordBreak: 'break-word',
            }}
          >
            {e.message}
          </Typography>
          {e.score && <BalancedScore score={e.score} />}
        </Box>
      ))}
    </Stack>
  );
}

/** The portal's computed reasons for one node. */
export function PortalSays(props: { candidate?: ConsolidationCandidate }) {
  const c = props.candidate;
  if (!c) {
    return (
      <Typography
        variant="body2"
        color="text.secondary"
        aria-label="Portal says"
      >
        Not a consolidation candidate at the last read: its pods use at least
        half of its CPU or memory.
      </Typography>
    );
  }
  return (
    <Stack spacing={0.5} aria-label="Portal says">
      <Typography variant="body2">
        {c.kind === 'empty' ? 'Empty' : 'Underutilized'} (CPU{' '}
        {Math.round(c.cpuUtilization * 100)}%, memory{' '}
        {Math.round(c.memoryUtilization * 100)}% requested):{' '}
        <strong>{STATE_TEXT[c.state]}</strong>
      </Typography>
      {c.blockers.map(b => (
        <Typography key={`${b.kind}:${b.message}`} variant="body2">
          • {b.message}
        </Typography>
      ))}
    </Stack>
  );
}

/**
 * Why a node is (not) consolidated: the portal's computed reasons and
 * Karpenter's own words side by side.
 */
export function KarpenterReasons(props: {
  candidate?: ConsolidationCandidate;
  events: KarpenterEvent[];
  error?: string;
}) {
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={6}>
        <Typography variant="overline" display="block">
          The portal's reasons
        </Typography>
        <PortalSays candidate={props.candidate} />
      </Grid>
      <Grid item xs={12} sm={6}>
        <Typography variant="overline" display="block">
          Karpenter says
        </Typography>
        <KarpenterSays events={props.events} error={props.error} />
      </Grid>
    </Grid>
  );
}
