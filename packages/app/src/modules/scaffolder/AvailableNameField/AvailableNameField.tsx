import { useEffect, useState } from 'react';
import TextField from '@material-ui/core/TextField';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { checkName, NameCheck } from './checkName';

/** `ui:options` of the AvailableName field. */
export interface AvailableNameOptions {
  /** Kind of the entity the template creates (default Component). */
  kind?: string;
}

/** Time to wait after the last keystroke before asking the catalog. */
export const CHECK_DELAY_MS = 400;

/**
 * A name text field that says, while the developer types, whether the
 * catalog already has an entity of that kind and name. The field's
 * validation (`validateAvailableName`) refuses a taken name on Next, and
 * the template's `casino:catalog:check-name` step refuses it again.
 */
export const AvailableNameField = (
  props: FieldExtensionComponentProps<string, AvailableNameOptions>,
) => {
  const {
    onChange,
    required,
    schema: { title = 'Name', description },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
  } = props;
  const kind = uiSchema['ui:options']?.kind ?? 'Component';
  const catalogApi = useApi(catalogApiRef);
  const [check, setCheck] = useState<
    { name: string; result?: NameCheck } | undefined
  >();

  useEffect(() => {
    const name = formData ?? '';
    if (!name) {
      setCheck(undefined);
      return undefined;
    }
    let cancelled = false;
    setCheck({ name });
    const timer = setTimeout(() => {
      checkName(catalogApi, name, kind).then(result => {
        if (!cancelled) setCheck({ name, result });
      });
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [catalogApi, formData, kind]);

  const result = check?.result;
  let helperText = uiSchema['ui:help'] ?? description;
  if (check && !result)
    helperText = `Checking whether '${check.name}' is free…`;
  else if (result && result.state !== 'invalid') helperText = result.message;

  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      helperText={helperText}
      required={required}
      value={formData ?? ''}
      onChange={({ target: { value } }) => onChange(value)}
      margin="normal"
      error={result?.state === 'taken' || (!!rawErrors?.length && !formData)}
      inputProps={{
        autoFocus: uiSchema['ui:autofocus'],
        'aria-describedby': `${idSchema?.$id}-availability`,
      }}
      FormHelperTextProps={{
        id: `${idSchema?.$id}-availability`,
        role: 'status',
        margin: 'dense',
        style: { marginLeft: 0 },
      }}
    />
  );
};
