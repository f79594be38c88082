import { InfoCard } from '@backstage/core-components';
import {
  formatUsd,
  GroupStat,
  MixDimension,
} from '@internal/plugin-node-mix-common';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

function PieCard(props: { title: string; groups: GroupStat[] }) {
  const data = props.groups.map(g => ({
    name: g.key,
    nodes: g.nodes,
    vcpu: g.vcpu,
  }));
  return (
    <InfoCard variant="fullHeight" title={props.title}>
      <Box height={220} aria-label={`${props.title} chart`}>
        <ResponsiveContainer>
          <PieChart>
            <Pie
              data={data}
              dataKey="vcpu"
              nameKey="name"
              innerRadius={45}
              outerRadius={80}
              isAnimationActive={false}
              label={(e: any) =>
                `${e.name} ${Math.round((e.percent ?? 0) * 100)}%`
              }
            >
              {data.map((d, i) => (
                <Cell key={d.name} fill={COLORS[i % COLORS.length]} />
              ))}
            </Pie>
            <Tooltip
              formatter={(v: any, _n: any, item: any) => [
                `${v} vCPU, ${item.payload.nodes} nodes`,
                item.payload.name,
              ]}
            />
          </PieChart>
        </ResponsiveContainer>
      </Box>
    </InfoCard>
  );
}

function BarCard(props: { title: string; groups: GroupStat[] }) {
  const data = props.groups.map(g => ({
    name: g.key,
    nodes: g.nodes,
    requested: Math.round(g.cpuRequested),
    free: Math.max(0, Math.round(g.cpuAllocatable - g.cpuRequested)),
    cost: g.costPerHour,
    lowerBound: g.costIsLowerBound,
  }));
  return (
    <InfoCard
      variant="fullHeight"
      title={props.title}
      subheader="vCPU requested vs allocatable"
    >
      <Box height={220} aria-label={`${props.title} chart`}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            {/* Every bar gets its label: recharts drops ticks that would
                  collide unless interval is 0, so many families are slanted. */}
            <XAxis
              dataKey="name"
              interval={0}
              angle={data.length > 4 ? -35 : 0}
              textAnchor={data.length > 4 ? 'end' : 'middle'}
              height={data.length > 4 ? 48 : 30}
              tick={{ fontSize: 12 }}
            />
            <YAxis />
            <Tooltip
              formatter={(v: any, name: any) => [`${v} vCPU`, name]}
              labelFormatter={(label: any, payload: any) => {
                const p = payload?.[0]?.payload;
                return p
                  ? `${label}: ${p.nodes} nodes, ${formatUsd(
                      p.cost,
                      p.lowerBound,
                    )}/h`
                  : label;
              }}
            />
            <Legend />
            <Bar
              dataKey="requested"
              stackId="cpu"
              fill={COLORS[0]}
              isAnimationActive={false}
            />
            <Bar
              dataKey="free"
              stackId="cpu"
              fill="#c7d7ea"
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </Box>
    </InfoCard>
  );
}

/** The node mix by architecture, capacity type, family and NodePool. */
export function MixCharts(props: { mix: Record<MixDimension, GroupStat[]> }) {
  const { mix } = props;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6} lg={3}>
        <PieCard title="Architecture" groups={mix.arch} />
      </Grid>
      <Grid item xs={12} md={6} lg={3}>
        <PieCard title="Capacity type" groups={mix.capacityType} />
      </Grid>
      <Grid item xs={12} md={6} lg={3}>
        <BarCard title="Instance family" groups={mix.family} />
      </Grid>
      <Grid item xs={12} md={6} lg={3}>
        <BarCard title="NodePool" groups={mix.nodePool} />
      </Grid>
    </Grid>
  );
}
