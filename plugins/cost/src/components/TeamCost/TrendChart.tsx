import { formatMoney, MICROS_PER_UNIT } from '@internal/pricing';
import { CostTrendPoint } from '@internal/plugin-cost-common';
import Typography from '@mui/material/Typography';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** A money axis tick in whole dollars, so a tick at 1,350 reads $1,350 (not "$1K"). */
export function moneyTick(dollars: number): string {
  return formatMoney(dollars * MICROS_PER_UNIT, 'USD', { fractionDigits: 0 });
}

/** The label of today's unfinished day on the chart. */
export function partialDayLabel(hours: number): string {
  return `today (partial, ${hours} h)`;
}

export interface TrendChartRow {
  date: string;
  measured: number | null;
  demo: number | null;
  /** Today's partial day, joined to the day before so the segment is its own. */
  partial: number | null;
}

/**
 * The chart's series: measured and demo days, and today's partial day as a
 * separate series (drawn dashed and hatched) from the previous day on, so the
 * unfinished day does not read as a drop in cost.
 */
export function trendChartRows(points: CostTrendPoint[]): TrendChartRow[] {
  const partialIndex = points.findIndex(p => p.partialHours !== undefined);
  return points.map((p, i) => {
    const dollars = p.amount / MICROS_PER_UNIT;
    const isPartial = i === partialIndex;
    return {
      date: p.date.slice(5),
      measured: !isPartial && !p.demo ? dollars : null,
      demo: !isPartial && p.demo ? dollars : null,
      partial: isPartial || i === partialIndex - 1 ? dollars : null,
    };
  });
}

/** Daily cost over the window; demo days drawn lighter, today's partial day hatched. */
export function TrendChart(props: {
  points: CostTrendPoint[];
  height?: number;
}) {
  const data = trendChartRows(props.points);
  const partial = props.points.find(p => p.partialHours !== undefined);
  const partialLabel = partial && partialDayLabel(partial.partialHours!);
  return (
    <>
      <ResponsiveContainer width="100%" height={props.height ?? 220}>
        <AreaChart
          data={data}
          margin={{ top: 20, right: 16, left: 8, bottom: 0 }}
        >
          <defs>
            <pattern
              id="cost-partial-day-hatch"
              patternUnits="userSpaceOnUse"
              width={6}
              height={6}
              patternTransform="rotate(45)"
            >
              <rect width={6} height={6} fill="#e3f2fd" />
              <line
                x1={0}
                y1={0}
                x2={0}
                y2={6}
                stroke="#90caf9"
                strokeWidth={3}
              />
            </pattern>
          </defs>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" fontSize={11} />
          <YAxis fontSize={11} width={72} tickFormatter={moneyTick} />
          <Tooltip
            formatter={(v: any, name: any) => [
              formatMoney(Number(v) * MICROS_PER_UNIT, 'USD', {
                precise: true,
              }),
              name,
            ]}
          />
          <Area
            type="monotone"
            dataKey="demo"
            name="demo data"
            stroke="#9e9e9e"
            fill="#e0e0e0"
            connectNulls={false}
          />
          <Area
            type="monotone"
            dataKey="measured"
            name="measured"
            stroke="#1976d2"
            fill="#90caf9"
            connectNulls={false}
          />
          {partial && (
            <Area
              type="linear"
              dataKey="partial"
              name={partialLabel}
              stroke="#1976d2"
              strokeDasharray="4 3"
              fill="url(#cost-partial-day-hatch)"
              connectNulls={false}
            />
          )}
          {partial && (
            <ReferenceLine
              x={partial.date.slice(5)}
              stroke="#757575"
              strokeDasharray="2 2"
              label={{
                value: partialLabel,
                position: 'insideTopRight',
                fontSize: 11,
                fill: '#424242',
              }}
            />
          )}
        </AreaChart>
      </ResponsiveContainer>
      {partial && (
        <Typography
          variant="caption"
          color="text.secondary"
          aria-label="partial day"
        >
          {partial.date} is {partialLabel}: its cost so far, not a drop.
        </Typography>
      )}
    </>
  );
}
