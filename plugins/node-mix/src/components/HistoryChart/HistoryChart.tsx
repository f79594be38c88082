import { useApi } from '@backstage/frontend-plugin-api';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import {
  formatUsd,
  HISTORY_WINDOWS,
  HistoryWindow,
} from '@internal/plugin-node-mix-common';
import { formatAge, HistoryWindowToggle } from '@internal/plugin-portal-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { nodeMixApiRef } from '../../api';

const WINDOW_SECONDS: Record<HistoryWindow, number> = {
  '24h': 86_400,
  '7d': 7 * 86_400,
  '30d': 30 * 86_400,
};

/**
 * How much of the chosen window the stored history covers, when it is less
 * than the window: a 30 d view of a cluster read for 3 hours must say so.
 */
export function historyCoverage(
  window: HistoryWindow,
  firstAt: string | undefined,
  now = Date.now(),
): string | undefined {
  if (!firstAt) return undefined;
  const seconds = Math.max(0, (now - Date.parse(firstAt)) / 1000);
  if (seconds >= WINDOW_SECONDS[window] * 0.95) return undefined;
  return `History exists for ${formatAge(seconds)} of the ${window.replace(
    /(\d+)([a-z])/,
    '$1 $2',
  )} window (since ${new Date(firstAt).toLocaleString()}).`;
}

function formatValue(v: any, name: any) {
  if (name === 'cost $/h') return formatUsd(v);
  return String(name).endsWith('%') ? `${v}%` : v;
}

/** Nodes, Graviton/spot share and cost over 24 h / 7 d / 30 d. */
export function HistoryChart(props: { cluster: string; refreshKey?: unknown }) {
  const api = useApi(nodeMixApiRef);
  const [window, setWindow] = useState<HistoryWindow>('24h');
  const { value, error } = useAsync(
    () => api.getHistory(props.cluster, window),
    [api, props.cluster, window, props.refreshKey],
  );
  const data = (value?.points ?? []).map(p => ({
    t: Date.parse(p.at),
    nodes: p.nodes,
    cost: Number(p.costPerHour.toFixed(2)),
    graviton: Math.round(p.gravitonNodeShare * 100),
    spot: Math.round(p.spotNodeShare * 100),
  }));
  const coverage = historyCoverage(window, value?.points[0]?.at);
  const fmt = (t: number) =>
    new Date(t).toLocaleString(
      'en-GB',
      window === '24h'
        ? { hour: '2-digit', minute: '2-digit' }
        : { day: '2-digit', month: 'short', hour: '2-digit' },
    );
  return (
    <InfoCard
      title="History"
      action={
        <HistoryWindowToggle
          windows={HISTORY_WINDOWS}
          value={window}
          onChange={setWindow}
        />
      }
    >
      {error && <ResponseErrorPanel error={error} />}
      {!error && data.length < 2 && (
        <Alert severity="info">
          {data.length === 0 ? 'No history yet.' : 'One point so far.'} A point
          is stored every few minutes (nodeMix.history.snapshotIntervalMinutes).
        </Alert>
      )}
      {!error && data.length >= 2 && coverage && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {coverage}
        </Alert>
      )}
      {data.length > 0 && (
        <Box height={260}>
          <ResponsiveContainer>
            <LineChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={fmt}
                scale="time"
              />
              <YAxis yAxisId="left" />
              <YAxis yAxisId="right" orientation="right" />
              <Tooltip
                labelFormatter={(t: any) => new Date(t).toLocaleString()}
                formatter={formatValue}
              />
              <Legend />
              <Line
                yAxisId="left"
                dataKey="nodes"
                name="nodes"
                stroke="#1f77b4"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                yAxisId="right"
                dataKey="cost"
                name="cost $/h"
                stroke="#d62728"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                yAxisId="right"
                dataKey="graviton"
                name="Graviton %"
                stroke="#2ca02c"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                yAxisId="right"
                dataKey="spot"
                name="spot %"
                stroke="#ff7f0e"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </Box>
      )}
    </InfoCard>
  );
}
