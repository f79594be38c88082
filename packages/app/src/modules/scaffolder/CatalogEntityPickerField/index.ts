export { CatalogEntityPickerField } from './CatalogEntityPickerField';
export type { CatalogEntityPickerOptions } from './entities';
export { validateCatalogEntity } from './validation';
