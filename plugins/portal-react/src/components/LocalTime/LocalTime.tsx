import Tooltip from '@mui/material/Tooltip';

/**
 * An instant in the viewer's own timezone, with UTC on hover, so people in
 * different places can compare what they see.
 *
 * @public
 */
export function LocalTime(props: { iso: string }) {
  const date = new Date(props.iso);
  return (
    <Tooltip title={`${date.toISOString().replace('T', ' ').slice(0, 23)} UTC`}>
      <time dateTime={props.iso}>{date.toLocaleString()}</time>
    </Tooltip>
  );
}
