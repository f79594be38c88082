import { formatMoney, MICROS_PER_UNIT } from '@internal/pricing';
import { CostTrendPoint } from '@internal/plugin-cost-common';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** A money axis tick in whole dollars, so a tick at 1,350 reads $1,350 (not "$1K"). */
export function moneyTick(dollars: number): string {
  return formatMoney(dollars * MICROS_PER_UNIT, 'USD', { fractionDigits: 0 });
}

/** Daily cost over the window; demo days drawn lighter. */
export function TrendChart(props: {
  points: CostTrendPoint[];
  height?: number;
}) {
  const data = props.points.map(p => ({
    date: p.date.slice(5),
    measured: p.demo ? null : p.amount / MICROS_PER_UNIT,
    demo: p.demo ? p.amount / MICROS_PER_UNIT : null,
  }));
  return (
    <ResponsiveContainer width="100%" height={props.height ?? 220}>
      <AreaChart data={data} margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" fontSize={11} />
        <YAxis fontSize={11} width={72} tickFormatter={moneyTick} />
        <Tooltip
          formatter={(v: any) =>
            formatMoney(Number(v) * MICROS_PER_UNIT, 'USD', { precise: true })
          }
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
      </AreaChart>
    </ResponsiveContainer>
  );
}
