import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { AvailableNameOptions } from './AvailableNameField';
import { checkName } from './checkName';

/**
 * Refuses a name the catalog already has when the developer clicks Next.
 * Malformed names are left to the template's pattern and its human
 * `errorMessage`; a catalog that does not answer is left to the backend.
 */
export const validateAvailableName: CustomFieldValidator<
  string,
  AvailableNameOptions
> = async (value, validation, context) => {
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!value || !catalogApi) return;
  const kind = context.uiSchema?.['ui:options']?.kind ?? 'Component';
  const result = await checkName(catalogApi, value, kind);
  if (result.state === 'taken') validation.addError(result.message);
};
