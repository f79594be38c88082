import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { nodeMixApiRef } from '@internal/plugin-node-mix';
import { AvailableNameOptions, checkAvailability } from './checkAvailability';

/**
 * Refuses a taken name when the developer clicks Next. Malformed names are
 * left to the template's pattern and its human `errorMessage`; a catalog or
 * cluster that does not answer is left to the backend.
 */
export const validateAvailableName: CustomFieldValidator<
  string,
  AvailableNameOptions
> = async (value, validation, context) => {
  if (!value) return;
  const result = await checkAvailability(
    {
      catalogApi: context.apiHolder.get(catalogApiRef),
      nodeMixApi: context.apiHolder.get(nodeMixApiRef),
    },
    value,
    context.uiSchema?.['ui:options'] ?? {},
    context.formData,
  );
  if (result.state === 'taken') validation.addError(result.message);
};
