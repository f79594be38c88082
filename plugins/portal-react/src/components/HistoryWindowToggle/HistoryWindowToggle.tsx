import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';

/**
 * The window a history covers ("1h", "24h", "7d", "30d", or 30 and 90 days),
 * as one exclusive button group; clicking the chosen window again keeps it.
 *
 * @public
 */
export function HistoryWindowToggle<W extends string | number>(props: {
  /** The windows the API serves, shortest first. */
  windows: readonly W[];
  value: W;
  onChange: (window: W) => void;
  /** A window's button label; the window itself by default. */
  formatWindow?: (window: W) => string;
}) {
  const format = props.formatWindow ?? String;
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      onChange={(_e, v: W | null) => v !== null && props.onChange(v)}
      aria-label="History window"
    >
      {props.windows.map(w => (
        <ToggleButton key={w} value={w}>
          {format(w)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
