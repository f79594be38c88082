import {
  formatBytes,
  formatCores,
  formatShare,
  formatUsd,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import {
  filterNodes,
  LabelFilter,
  parseLabelFilters,
  SortKey,
} from './filterNodes';

const ROW_HEIGHT = 36;
const GRID =
  'minmax(220px, 2fr) 120px 70px 90px 110px 100px 110px 110px 60px 90px minmax(120px, 1fr)';

const COLUMNS: Array<{ label: string; sort?: SortKey; align?: 'right' }> = [
  { label: 'Node', sort: 'name' },
  { label: 'Type', sort: 'instanceType' },
  { label: 'Arch' },
  { label: 'Capacity' },
  { label: 'NodePool', sort: 'nodePool' },
  { label: 'Zone', sort: 'zone' },
  { label: 'CPU req.', sort: 'cpuUtil', align: 'right' },
  { label: 'Mem req.', sort: 'memUtil', align: 'right' },
  { label: 'Pods', sort: 'pods', align: 'right' },
  { label: '$/hour', sort: 'price', align: 'right' },
  { label: 'State' },
];

const cellSx = {
  px: 1,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/** Numbers are never cut: their columns are sized for them, so no ellipsis. */
const numberSx = {
  px: 1,
  whiteSpace: 'nowrap',
  textAlign: 'right',
  fontVariantNumeric: 'tabular-nums',
} as const;

function share(used: number, total: number) {
  return total > 0 ? used / total : null;
}

function Row(props: {
  row: NodeRow;
  style: React.CSSProperties;
  index: number;
  onSelect?: (row: NodeRow) => void;
}) {
  const { row } = props;
  const cpu = share(row.cpuRequested, row.cpuAllocatable);
  const mem = share(row.memoryRequested, row.memoryAllocatable);
  return (
    <Box
      role="row"
      aria-rowindex={props.index + 2}
      data-node={row.name}
      style={props.style}
      sx={{
        display: 'grid',
        gridTemplateColumns: GRID,
        alignItems: 'center',
        borderBottom: 1,
        borderColor: 'divider',
        fontSize: 13,
        bgcolor: props.index % 2 ? 'action.hover' : undefined,
      }}
    >
      <Box role="cell" sx={cellSx} title={row.name}>
        {props.onSelect ? (
          <Link
            component="button"
            variant="body2"
            onClick={() => props.onSelect!(row)}
            sx={{ fontSize: 13, maxWidth: '100%', textAlign: 'left' }}
            aria-label={`Details of node ${row.name}`}
          >
            {row.name}
          </Link>
        ) : (
          row.name
        )}
      </Box>
      <Box role="cell" sx={cellSx} title={row.instanceType}>
        {row.instanceType}
      </Box>
      <Box role="cell" sx={cellSx}>
        {row.arch}
      </Box>
      <Box role="cell" sx={cellSx}>
        {row.capacityType}
      </Box>
      <Box role="cell" sx={cellSx} title={row.nodePool}>
        {row.nodePool}
      </Box>
      <Box role="cell" sx={cellSx} title={row.zone}>
        {row.zone}
      </Box>
      <Box
        role="cell"
        sx={numberSx}
        title={`${formatCores(row.cpuRequested)} of ${formatCores(
          row.cpuAllocatable,
        )} cores`}
      >
        {formatShare(cpu)}
      </Box>
      <Box
        role="cell"
        sx={numberSx}
        title={`${formatBytes(row.memoryRequested)} of ${formatBytes(
          row.memoryAllocatable,
        )}`}
      >
        {formatShare(mem)}
      </Box>
      <Box role="cell" sx={numberSx}>
        {row.pods}
      </Box>
      <Box role="cell" sx={numberSx} title={row.priceSource}>
        {row.pricePerHour === null ? 'unknown' : formatUsd(row.pricePerHour)}
      </Box>
      <Box role="cell" sx={{ ...cellSx, display: 'flex', gap: 0.5 }}>
        {row.drifted && <Chip size="small" color="warning" label="drifted" />}
        {row.disrupted && (
          <Chip size="small" color="error" label="disrupting" />
        )}
        {row.consolidation && (
          <Chip size="small" variant="outlined" label={row.consolidation} />
        )}
        {row.warnings.length > 0 && (
          <Tooltip title={row.warnings.join('; ')}>
            <Chip size="small" color="default" label="data" />
          </Tooltip>
        )}
      </Box>
    </Box>
  );
}

/**
 * Every node of a cluster: sort by column, filter by any label
 * (`key=value`, comma separated), search; virtualised for 5,000+ rows.
 */
/** A select of the values present, with "any" first. */
function AnyOfSelect(props: {
  label: string;
  value: string;
  values: string[];
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      size="small"
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      sx={{ minWidth: 140 }}
    >
      <MenuItem value="any">any</MenuItem>
      {props.values.map(v => (
        <MenuItem key={v} value={v}>
          {v}
        </MenuItem>
      ))}
    </TextField>
  );
}

export function NodeTable(props: {
  rows: NodeRow[];
  /** Called with the row whose node name is clicked (the detail drawer). */
  onSelect?: (row: NodeRow) => void;
}) {
  const { rows } = props;
  const [search, setSearch] = useState('');
  const [labelText, setLabelText] = useState('');
  const [arch, setArch] = useState('any');
  const [capacity, setCapacity] = useState('any');
  const [sort, setSort] = useState<SortKey>('name');
  const [descending, setDescending] = useState(false);
  const deferredSearch = useDeferredValue(search);
  const deferredLabels = useDeferredValue(labelText);

  const parsed = useMemo(
    () => parseLabelFilters(deferredLabels),
    [deferredLabels],
  );
  const filtered = useMemo(() => {
    const labels: LabelFilter[] = [...parsed.filters];
    if (arch !== 'any')
      labels.push({ key: 'kubernetes.io/arch', op: '=', value: arch });
    if (capacity !== 'any')
      labels.push({
        key: 'karpenter.sh/capacity-type',
        op: '=',
        value: capacity,
      });
    return filterNodes(rows, {
      search: deferredSearch,
      labels,
      sort,
      descending,
    });
  }, [rows, parsed, arch, capacity, deferredSearch, sort, descending]);

  const archValues = useMemo(
    () => [...new Set(rows.map(r => r.arch))].sort(),
    [rows],
  );
  const capacityValues = useMemo(
    () => [...new Set(rows.map(r => r.capacityType))].sort(),
    [rows],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: filtered.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 600 },
  });

  const onSort = (key?: SortKey) => {
    if (!key) return;
    if (key === sort) {
      setDescending(d => !d);
    } else {
      setSort(key);
      setDescending(false);
    }
  };

  return (
    <Stack spacing={1}>
      <Stack
        direction="row"
        spacing={1}
        flexWrap="wrap"
        useFlexGap
        alignItems="center"
      >
        <TextField
          size="small"
          label="Search"
          placeholder="name, type, NodePool, zone"
          value={search}
          onChange={e => setSearch(e.target.value)}
          inputProps={{ 'aria-label': 'Search nodes' }}
        />
        <AnyOfSelect
          label="Architecture"
          value={arch}
          values={archValues}
          onChange={setArch}
        />
        <AnyOfSelect
          label="Capacity type"
          value={capacity}
          values={capacityValues}
          onChange={setCapacity}
        />
        <TextField
          size="small"
          label="Label filter"
          placeholder="karpenter.sh/nodepool=graviton, topology.kubernetes.io/zone!=us-east-1a"
          value={labelText}
          onChange={e => setLabelText(e.target.value)}
          sx={{ flexGrow: 1, minWidth: 320 }}
          error={parsed.invalid.length > 0}
          helperText={
            parsed.invalid.length
              ? `Not understood: ${parsed.invalid.join(', ')}`
              : undefined
          }
        />
        <Typography variant="body2" aria-live="polite" data-testid="node-count">
          {filtered.length} of {rows.length} nodes
        </Typography>
      </Stack>
      {rows.length > 0 && filtered.length === 0 && (
        <Alert severity="info">No node matches these filters.</Alert>
      )}
      <Box
        role="table"
        aria-label="Nodes"
        aria-rowcount={filtered.length + 1}
        sx={{ border: 1, borderColor: 'divider' }}
      >
        <Box
          role="row"
          aria-rowindex={1}
          sx={{
            display: 'grid',
            gridTemplateColumns: GRID,
            fontWeight: 600,
            fontSize: 13,
            borderBottom: 2,
            borderColor: 'divider',
            py: 0.5,
          }}
        >
          {COLUMNS.map(c => {
            const direction = descending ? 'descending' : 'ascending';
            return (
              <Box
                key={c.label}
                role="columnheader"
                aria-sort={c.sort === sort ? direction : undefined}
                onClick={() => onSort(c.sort)}
                sx={{
                  ...cellSx,
                  textAlign: c.align,
                  cursor: c.sort ? 'pointer' : undefined,
                  userSelect: 'none',
                }}
              >
                {c.label}
                {c.sort === sort && (descending ? ' ▼' : ' ▲')}
              </Box>
            );
          })}
        </Box>
        <Box
          ref={scrollRef}
          sx={{ height: 560, overflow: 'auto', position: 'relative' }}
          data-testid="node-table-scroll"
        >
          <Box
            sx={{
              height: virtualizer.getTotalSize(),
              position: 'relative',
              width: '100%',
            }}
          >
            {virtualizer.getVirtualItems().map(item => (
              <Row
                key={filtered[item.index].name}
                row={filtered[item.index]}
                index={item.index}
                onSelect={props.onSelect}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
              />
            ))}
          </Box>
        </Box>
      </Box>
    </Stack>
  );
}
