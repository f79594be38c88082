import { useEffect } from 'react';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  chosenArchitecture,
  InstanceFamiliesOptions,
  keepMatching,
} from './families';

/**
 * Instance family checkboxes that offer only the families of the
 * architecture chosen elsewhere in the form (arm64: Graviton, amd64: x86),
 * and drop ticked families of the other architecture when it changes.
 */
export const InstanceFamiliesField = (
  props: FieldExtensionComponentProps<string[], InstanceFamiliesOptions>,
) => {
  const {
    onChange,
    required,
    schema: { title = 'Instance families', description },
    rawErrors,
    formData,
    formContext,
    uiSchema,
    idSchema,
  } = props;
  const options = uiSchema['ui:options'] as InstanceFamiliesOptions;
  const architecture = chosenArchitecture(formContext?.formData, options);
  const offered = architecture ? options.families[architecture] ?? [] : [];
  const value = formData ?? [];

  useEffect(() => {
    // The form reports the architecture's default a render later: nothing
    // to drop until it is known
    if (!architecture) return;
    const kept = keepMatching(formData, architecture, options);
    if (kept.join() !== (formData ?? []).join()) onChange(kept);
    // only when the architecture changes: the developer may untick all
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [architecture]);

  const toggle = (family: string, checked: boolean) =>
    onChange(
      checked
        ? offered.filter(f => f === family || value.includes(f))
        : value.filter(f => f !== family),
    );

  return (
    <FormControl
      component="fieldset"
      required={required}
      error={!!rawErrors?.length}
      margin="normal"
      id={idSchema?.$id}
    >
      <FormLabel component="legend">{title}</FormLabel>
      {architecture ? (
        <FormGroup row>
          {offered.map(family => (
            <FormControlLabel
              key={family}
              label={family}
              control={
                <Checkbox
                  checked={value.includes(family)}
                  onChange={e => toggle(family, e.target.checked)}
                  name={family}
                />
              }
            />
          ))}
        </FormGroup>
      ) : null}
      <FormHelperText>
        {architecture
          ? `${offered.join(', ')} run ${architecture}. ${description ?? ''}`
          : 'Choose an architecture first.'}
      </FormHelperText>
    </FormControl>
  );
};
