import { useEffect, useState } from 'react';
import TextField from '@material-ui/core/TextField';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { nodeMixApiRef } from '@internal/plugin-node-mix';
import {
  AvailableNameOptions,
  checkAvailability,
  entityNameFields,
} from './checkAvailability';
import { NameCheck } from './checkName';

/** Time to wait after the last keystroke before asking the catalog. */
export const CHECK_DELAY_MS = 400;

/**
 * A name text field that says, while the developer types, whether the name
 * is taken: by an entity of that kind in the catalog, or by a NodePool in
 * the clusters (`source: nodePools`). The field's validation
 * (`validateAvailableName`) refuses a taken name on Next, and the
 * template's steps refuse it again.
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
    formContext,
    uiSchema,
    idSchema,
  } = props;
  const options: AvailableNameOptions = uiSchema['ui:options'] ?? {};
  const { source, kind } = options;
  const catalogApi = useApi(catalogApiRef);
  const nodeMixApi = useApiHolder().get(nodeMixApiRef);
  // The other fields the entity name is made of (e.g. the environment)
  const otherFields = entityNameFields(options.entityName)
    .map(key => String(formContext?.formData?.[key] ?? ''))
    .join('\n');
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
      checkAvailability(
        { catalogApi, nodeMixApi },
        name,
        { source, kind, entityName: options.entityName },
        formContext?.formData,
      ).then(result => {
        if (!cancelled) setCheck({ name, result });
      });
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // formContext changes on every keystroke anywhere in the form: the
    // check depends only on the fields the entity name is made of
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, nodeMixApi, formData, source, kind, otherFields]);

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
