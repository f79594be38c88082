import TextField from '@mui/material/TextField';

/** The scope fields the audit log search and the evidence pack share. */
export type ScopeForm = {
  gameServerId?: string;
  /** `datetime-local` input: the browser's local time, no zone. */
  fromLocal?: string;
  toLocal?: string;
};

/** A `datetime-local` value as an ISO instant; undefined when empty. */
export const localToIso = (local?: string) =>
  local ? new Date(local).toISOString() : undefined;

/** Game server, played from, played before: one definition for both forms. */
export function ScopeFields(props: {
  form: ScopeForm;
  set: (key: keyof ScopeForm) => (e: { target: { value: string } }) => void;
}) {
  const { form, set } = props;
  return (
    <>
      <TextField
        label="Game server"
        size="small"
        value={form.gameServerId ?? ''}
        onChange={set('gameServerId')}
      />
      <TextField
        label="Played from"
        type="datetime-local"
        size="small"
        value={form.fromLocal ?? ''}
        onChange={set('fromLocal')}
        InputLabelProps={{ shrink: true }}
      />
      <TextField
        label="Played before"
        type="datetime-local"
        size="small"
        value={form.toLocal ?? ''}
        onChange={set('toLocal')}
        InputLabelProps={{ shrink: true }}
      />
    </>
  );
}
