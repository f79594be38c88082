import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';

/**
 * The window a history chart covers ("1h", "24h", "7d", "30d"), as one
 * exclusive button group; clicking the chosen window again keeps it.
 *
 * @public
 */
export function HistoryWindowToggle<W extends string>(props: {
  /** The windows the API serves, shortest first. */
  windows: readonly W[];
  value: W;
  onChange: (window: W) => void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      onChange={(_e, v: W | null) => v && props.onChange(v)}
      aria-label="History window"
    >
      {props.windows.map(w => (
        <ToggleButton key={w} value={w}>
          {w}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
