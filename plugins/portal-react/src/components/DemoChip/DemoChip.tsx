import Chip from '@mui/material/Chip';

/**
 * Marks what is simulated or backfilled rather than read from a real system,
 * the same way on every page: "DEMO" unless the page says more.
 *
 * @public
 */
export function DemoChip(props: {
  /** Whether the thing shown is demo data; nothing is rendered otherwise. */
  show: boolean | undefined;
  /** Where the demo data comes from, shown on hover. */
  title: string;
  /** @defaultValue "DEMO" */
  label?: string;
}) {
  return props.show ? (
    <Chip
      size="small"
      color="secondary"
      label={props.label ?? 'DEMO'}
      title={props.title}
    />
  ) : null;
}
