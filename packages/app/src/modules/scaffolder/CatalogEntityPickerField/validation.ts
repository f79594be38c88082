import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CatalogEntityPickerOptions,
  lookUpEntity,
  notInCatalogMessage,
} from './entities';

/**
 * Refuses on Next a value the catalog does not have (a link's formData, a
 * stale form); a catalog that does not answer is left to the template's
 * `casino:catalog:check-references` step.
 */
export const validateCatalogEntity: CustomFieldValidator<
  string,
  CatalogEntityPickerOptions
> = async (value, validation, context) => {
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!value || !catalogApi) return;
  const kind = context.uiSchema?.['ui:options']?.defaultKind ?? 'Component';
  const result = await lookUpEntity(catalogApi, value, kind);
  if (result.state === 'missing') {
    validation.addError(notInCatalogMessage(value, kind));
  }
};
