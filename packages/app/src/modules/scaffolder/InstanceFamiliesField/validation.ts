import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  chosenArchitecture,
  InstanceFamiliesOptions,
  wrongArchitecture,
} from './families';

/**
 * Refuses families of the other architecture on Next (the field drops them
 * when the architecture changes; this holds when the form data came from a
 * link). The `casino:karpenter:enable-nodepool` step refuses them again.
 */
export const validateInstanceFamilies: CustomFieldValidator<
  string[],
  InstanceFamiliesOptions
> = (value, validation, context) => {
  const options = context.uiSchema?.['ui:options'] as
    | InstanceFamiliesOptions
    | undefined;
  if (!options?.families) return;
  const architecture = chosenArchitecture(context.formData, options);
  const wrong = wrongArchitecture(value, architecture, options);
  if (wrong.length) {
    validation.addError(
      `${wrong.join(', ')} ${
        wrong.length === 1 ? 'does' : 'do'
      } not run ${architecture}: choose from ${(
        options.families[architecture!] ?? []
      ).join(', ')}.`,
    );
  }
};
