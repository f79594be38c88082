import { useEffect } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ChainClientOptions, chosenChain } from './clients';

/**
 * A client select that offers only the clients of the chain chosen elsewhere
 * in the form (and "the chain's default"), and clears a client the newly
 * chosen chain does not run.
 */
export const ChainClientField = (
  props: FieldExtensionComponentProps<string, ChainClientOptions>,
) => {
  const {
    onChange,
    required,
    schema: { title = 'Client', description },
    rawErrors,
    formData,
    formContext,
    uiSchema,
    idSchema,
  } = props;
  const options = uiSchema['ui:options'] as ChainClientOptions;
  const chain = chosenChain(formContext?.formData, options);
  const offered = chain ? options.clients[chain] ?? [] : [];

  useEffect(() => {
    if (chain && formData && !offered.includes(formData)) onChange(undefined);
    // only when the chain changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chain]);

  return (
    <TextField
      select
      id={idSchema?.$id}
      label={title}
      required={required}
      disabled={!chain}
      value={formData && offered.includes(formData) ? formData : ''}
      onChange={e =>
        onChange(e.target.value ? String(e.target.value) : undefined)
      }
      margin="normal"
      error={!!rawErrors?.length}
      helperText={
        chain
          ? `${offered.join(', ')} run${
              offered.length === 1 ? 's' : ''
            } ${chain}. ${description ?? ''}`
          : 'Choose a chain first.'
      }
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
    >
      <MenuItem value="">
        {offered.length ? `${chain}'s default (${offered[0]})` : 'Default'}
      </MenuItem>
      {offered.map(client => (
        <MenuItem key={client} value={client}>
          {client}
        </MenuItem>
      ))}
    </TextField>
  );
};
