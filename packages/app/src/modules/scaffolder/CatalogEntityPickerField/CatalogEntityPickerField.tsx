import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Autocomplete, { createFilterOptions } from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  CatalogEntityPickerOptions,
  entityLabel,
  notInCatalogMessage,
  PICKER_FIELDS,
  toEntityRef,
} from './entities';

const filterOptions = createFilterOptions<Entity>({
  stringify: e => `${entityLabel(e)} ${e.metadata.name}`,
});

/**
 * Picks an entity from the catalog and shows it by name (its title, or a
 * group's display name), also when the form arrives filled in with a
 * reference such as `component:default/bonus-engine` from a "Deploy it"
 * link. The value stays the entity reference the template expects.
 * Backstage's EntityPicker shows the reference in its text box once a value
 * is chosen (MUI theme of @backstage/plugin-scaffolder 1.41).
 */
export const CatalogEntityPickerField = (
  props: FieldExtensionComponentProps<string, CatalogEntityPickerOptions>,
) => {
  const {
    onChange,
    required,
    schema: { title = 'Entity', description },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
  } = props;
  const options = uiSchema['ui:options'] ?? {};
  const kind = options.defaultKind ?? 'Component';
  const filter = options.catalogFilter ?? { kind };
  const filterKey = JSON.stringify(filter);
  const catalogApi = useApi(catalogApiRef);

  const entities = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter,
      fields: PICKER_FIELDS,
    });
    return items.sort((a, b) => entityLabel(a).localeCompare(entityLabel(b)));
    // the filter comes from the template; its text is its identity
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, filterKey]);

  const ref = formData ? toEntityRef(formData, kind) : undefined;
  const selected = useMemo(
    () => entities.value?.find(e => stringifyEntityRef(e) === ref) ?? null,
    [entities.value, ref],
  );
  const missing = !!formData && !!entities.value && !selected;

  let helperText = uiSchema['ui:help'] ?? description;
  if (entities.error) {
    helperText = `The catalog could not be read (${entities.error.message}).`;
  } else if (missing) helperText = notInCatalogMessage(formData!, kind);

  return (
    <Autocomplete<Entity>
      id={idSchema?.$id}
      options={entities.value ?? []}
      loading={entities.loading}
      value={selected}
      onChange={(_, entity) =>
        onChange(entity ? stringifyEntityRef(entity) : undefined)
      }
      getOptionLabel={entityLabel}
      isOptionEqualToValue={(a, b) =>
        stringifyEntityRef(a) === stringifyEntityRef(b)
      }
      filterOptions={filterOptions}
      renderOption={(optionProps, entity) => (
        <li {...optionProps} key={stringifyEntityRef(entity)}>
          {entityLabel(entity)}
        </li>
      )}
      renderInput={params => (
        <TextField
          {...params}
          label={title}
          required={required}
          margin="normal"
          helperText={helperText}
          error={missing || !!rawErrors?.length || !!entities.error}
          inputProps={{
            ...params.inputProps,
            autoFocus: uiSchema['ui:autofocus'],
          }}
        />
      )}
    />
  );
};
