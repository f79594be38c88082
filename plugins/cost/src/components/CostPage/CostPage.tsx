import { describeBasis, formatMoney } from '@internal/pricing';
import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  CostGroup,
  CostSummary,
  EntityCost,
  IDLE,
  UNALLOCATED,
} from '@internal/plugin-cost-common';
import { HistoryWindowToggle } from '@internal/plugin-portal-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ReactNode, useState } from 'react';
import { Link as RouterLink, Route, Routes, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../../api';
import { serviceRouteRef, teamRouteRef } from '../../routes';
import {
  changeLabel,
  serviceLabel,
  sharingLabel,
  sourceLabel,
  teamLabel,
} from '../format';
import { CostDemoChip, TeamCost, TrendChart } from '../TeamCost';

/** A Backstage InfoCard whose title is a heading, so the page's panels can be found by name. */
function Panel(props: { title: string; children: ReactNode }) {
  return (
    <InfoCard
      title={props.title}
      titleTypographyProps={{ component: 'h2' }}
      variant="fullHeight"
    >
      {props.children}
    </InfoCard>
  );
}

function GroupTable(props: {
  label: string;
  rows: CostGroup[];
  name: (key: string) => ReactNode;
  previousComplete?: boolean;
}) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableBody>
        {props.rows.map(r => (
          <TableRow key={r.key}>
            {/* Team and source names never break mid-word in the narrow panels. */}
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {props.name(r.key)}
            </TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
              {formatMoney(r.amount)}
            </TableCell>
            {r.previous !== undefined && (
              <TableCell
                align="right"
                sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}
              >
                {changeLabel(r.amount, r.previous, props.previousComplete)}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The windows the Cost pages offer, in days. */
const WINDOW_DAYS = [30, 90] as const;

function Overview(props: { summary: CostSummary }) {
  const s = props.summary;
  const teamLink = useRouteRef(teamRouteRef);
  const serviceLink = useRouteRef(serviceRouteRef);
  // Allocated services have a cost page; namespace/ and shared/ rows do not.
  const serviceName = (key: string) =>
    key.includes('/') || key.startsWith('__') ? (
      serviceLabel(key)
    ) : (
      <Link component={RouterLink} to={serviceLink?.({ service: key }) ?? '#'}>
        {serviceLabel(key)}
      </Link>
    );
  // The Clusters page (node-mix) shows each Kubernetes cluster.
  const clusterName = (key: string) => {
    if (!key) return '(no cluster)';
    if (key.startsWith('hetzner/')) return key;
    return (
      <Link component={RouterLink} to={`/clusters/${encodeURIComponent(key)}`}>
        {key}
      </Link>
    );
  };
  const teamName = (key: string) => {
    if (key === IDLE || key === UNALLOCATED || !key.startsWith('group:'))
      return teamLabel(key);
    const [namespace, name] = key.replace(/^group:/, '').split('/');
    return (
      <Link component={RouterLink} to={teamLink?.({ namespace, name }) ?? '#'}>
        {teamLabel(key)}
      </Link>
    );
  };
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Stack spacing={1}>
          {s.sources
            .filter(src => src.unpriced)
            .map(src => (
              <Alert key={src.id} severity="warning">
                {sourceLabel(src.id)}: {src.unpriced!.count} unpriced (
                {Object.entries(src.unpriced!.byKind)
                  .map(([k, n]) => `${k} × ${n}`)
                  .join(', ')}
                ) — their cost is unknown, not zero
              </Alert>
            ))}
        </Stack>
      </Grid>
      <Grid item xs={12} md={8}>
        <Panel title={`Daily cost, ${s.from} – ${s.to}`}>
          <TrendChart points={s.trend} height={260} />
        </Panel>
      </Grid>
      <Grid item xs={12} md={4}>
        <Panel title="Sources">
          {s.sources.map(src => (
            <Box key={src.id} mb={1}>
              <Typography variant="body2" fontWeight="bold">
                {src.title}: {src.configured ? 'configured' : 'not configured'}
                {src.demo ? ' (demo data)' : ''}
              </Typography>
              <Typography
                variant="caption"
                color="text.secondary"
                display="block"
              >
                {src.detail}
                {src.lastImport &&
                  ` · last import ${src.lastImport.at
                    .slice(0, 16)
                    .replace('T', ' ')} ${
                    src.lastImport.ok ? 'ok' : `failed: ${src.lastImport.error}`
                  }`}
              </Typography>
              {src.prices?.map(p => (
                <Typography
                  key={`${p.cluster}|${p.capacityType}|${p.basis.label}`}
                  variant="caption"
                  color="text.secondary"
                  display="block"
                >
                  Node prices, {p.cluster}, {p.capacityType} ({p.nodes}):{' '}
                  {describeBasis(p.basis, Date.now())}
                </Typography>
              ))}
            </Box>
          ))}
        </Panel>
      </Grid>
      <Grid item xs={12} md={4}>
        <Panel title="By team">
          <GroupTable
            label="cost by team"
            rows={s.byTeam}
            name={teamName}
            previousComplete={s.previousComplete}
          />
          {sharingLabel(s.sharing) && (
            <Typography variant="caption" color="text.secondary">
              {sharingLabel(s.sharing)}
            </Typography>
          )}
        </Panel>
      </Grid>
      <Grid item xs={12} md={4}>
        <Panel title="By cluster">
          <GroupTable
            label="cost by cluster"
            rows={s.byCluster}
            name={clusterName}
          />
        </Panel>
      </Grid>
      <Grid item xs={12} md={4}>
        <Panel title="By source">
          <GroupTable
            label="cost by source"
            rows={s.bySource}
            name={sourceLabel}
            previousComplete={s.previousComplete}
          />
        </Panel>
      </Grid>
      <Grid item xs={12}>
        <Panel title="Biggest movers, last 7 days vs the 7 before">
          <Table size="small" aria-label="biggest movers">
            <TableHead>
              <TableRow>
                <TableCell>Service</TableCell>
                <TableCell>Team</TableCell>
                <TableCell align="right">Last week</TableCell>
                <TableCell align="right">Week before</TableCell>
                <TableCell align="right">Change</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {s.movers.map(m => (
                <TableRow key={`${m.team}/${m.service}`}>
                  <TableCell>{serviceName(m.service)}</TableCell>
                  <TableCell>{teamLabel(m.team)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(m.lastWeek)}
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(m.previousWeek)}
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {m.change >= 0 ? '+' : ''}
                    {formatMoney(m.change)} (
                    {m.changeRatio === null
                      ? 'no previous week'
                      : `${(m.changeRatio * 100).toFixed(1)}%`}
                    )
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Panel>
      </Grid>
    </Grid>
  );
}

function OverviewRoute() {
  const api = useApi(costApiRef);
  const [days, setDays] = useState(30);
  const { value, loading, error } = useAsync(
    () => api.getSummary(days),
    [api, days],
  );
  return (
    <Stack spacing={2}>
      <Box display="flex" alignItems="center" gap={2} flexWrap="wrap">
        <Typography variant="h4" component="h1">
          Cost
        </Typography>
        {value && (
          <Typography variant="h5" aria-label="platform total">
            {formatMoney(value.total)}{' '}
            {value.restricted ? 'for your teams' : 'platform total'}
          </Typography>
        )}
        <DaysToggle value={days} onChange={setDays} />
        {value && <CostDemoChip show={value.demo} />}
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {/* In a Box: a Grid container directly in a Stack loses its negative
          margin and sticks out 16 px on the right. */}
      {value && (
        <Box>
          <Overview summary={value} />
        </Box>
      )}
    </Stack>
  );
}

/** The window of every cost view: 30 or 90 days. */
function DaysToggle(props: {
  value: number;
  onChange: (days: number) => void;
}) {
  return (
    <HistoryWindowToggle
      windows={WINDOW_DAYS}
      value={props.value}
      onChange={props.onChange}
      formatWindow={d => `${d} days`}
    />
  );
}

/** A team's or a service's cost over the chosen window. */
function EntityCostView(props: {
  title: string;
  subtitle?: ReactNode;
  days: number;
  onDaysChange: (days: number) => void;
  state: { value?: EntityCost; loading: boolean; error?: Error };
}) {
  const { value, loading, error } = props.state;
  return (
    <Stack spacing={2}>
      <Box display="flex" alignItems="center" gap={2}>
        <Typography variant="h4" component="h1">
          {props.title}
        </Typography>
        {props.subtitle}
        <DaysToggle value={props.days} onChange={props.onDaysChange} />
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && <TeamCost cost={value} />}
    </Stack>
  );
}

function TeamRoute() {
  const api = useApi(costApiRef);
  const { namespace = 'default', name = '' } = useParams();
  const [days, setDays] = useState(30);
  const state = useAsync(
    () => api.getTeam(namespace, name, days),
    [api, namespace, name, days],
  );
  return (
    <EntityCostView
      title={`Cost of team ${name}`}
      days={days}
      onDaysChange={setDays}
      state={state}
    />
  );
}

function ServiceRoute() {
  const api = useApi(costApiRef);
  const { service = '' } = useParams();
  const [days, setDays] = useState(30);
  const state = useAsync(
    () => api.getService(service, days),
    [api, service, days],
  );
  const team = state.value?.team;
  return (
    <EntityCostView
      title={`Cost of service ${service}`}
      subtitle={
        team && (
          <Typography variant="body1" color="text.secondary">
            team {teamLabel(team)}
          </Typography>
        )
      }
      days={days}
      onDaysChange={setDays}
      state={state}
    />
  );
}

/** The Cost page: overview, per-team and per-service views. */
export function CostPage() {
  return (
    <Content>
      <Routes>
        <Route path="/" element={<OverviewRoute />} />
        <Route path="/teams/:namespace/:name" element={<TeamRoute />} />
        <Route path="/services/:service" element={<ServiceRoute />} />
      </Routes>
    </Content>
  );
}
