import { ChainNodeHistoryPoint } from '@internal/plugin-chain-nodes-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const formatTime = (iso: string, long: boolean) => {
  const d = new Date(iso);
  return long
    ? d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
    : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
};

function SeriesChart(props: {
  title: string;
  points: ChainNodeHistoryPoint[];
  dataKey: keyof ChainNodeHistoryPoint;
  color: string;
  unit?: string;
  long: boolean;
}) {
  return (
    <Box mb={2} role="figure" aria-label={props.title}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart
          data={props.points}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="at"
            tickFormatter={v => formatTime(v, props.long)}
            minTickGap={32}
          />
          <YAxis allowDecimals={false} width={48} unit={props.unit} />
          <Tooltip
            labelFormatter={v => new Date(v as string).toLocaleString()}
          />
          <Line
            type="monotone"
            dataKey={props.dataKey}
            stroke={props.color}
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}

const none = (
  points: ChainNodeHistoryPoint[],
  key: 'blocksBehind' | 'peerCount' | 'latencyMs',
) => points.every(p => p[key] === null);

/**
 * Blocks behind head, peers and RPC latency over time. A series with no value
 * at all is explained in one line instead of drawn as an empty chart: a node
 * that answered no probe in the window has nothing to plot, and a client that
 * does not report peers says so once.
 */
export function NodeCharts(props: {
  points: ChainNodeHistoryPoint[];
  long: boolean;
}) {
  const { points } = props;
  if (points.length === 0) {
    return (
      <Typography color="text.secondary">
        No probes in this window yet.
      </Typography>
    );
  }
  if (none(points, 'latencyMs') && none(points, 'blocksBehind')) {
    return (
      <Typography color="text.secondary" role="status">
        No charts for this window: the node answered none of its probes here (it
        was down), so there is no block height, peer count or latency to plot.
        The reasons and state changes above say why.
      </Typography>
    );
  }
  return (
    <>
      <SeriesChart
        title="Blocks behind chain head"
        points={points}
        dataKey="blocksBehind"
        color="#d32f2f"
        long={props.long}
      />
      {none(points, 'peerCount') ? (
        <Typography color="text.secondary" mb={2} role="status">
          Peers: not reported — this node's client does not answer
          net_peerCount.
        </Typography>
      ) : (
        <SeriesChart
          title="Peers"
          points={points}
          dataKey="peerCount"
          color="#1976d2"
          long={props.long}
        />
      )}
      <SeriesChart
        title="RPC latency"
        points={points}
        dataKey="latencyMs"
        color="#7b1fa2"
        unit=" ms"
        long={props.long}
      />
    </>
  );
}
