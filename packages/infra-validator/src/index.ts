/**
 * Validation of the platform's infra/ tree without a cloud or the
 * terraform/helm binaries: HCL syntax and module contracts, Kubernetes and
 * Karpenter manifests against their real schemas, chart values against the
 * chart's schema.
 *
 * @packageDocumentation
 */

export type { Finding, ValidationResult } from './types';
export { formatFinding, hasErrors } from './types';
export {
  validateTerraformDir,
  isPinnedConstraint,
} from './terraform/validateTerraformDir';
export type { TerraformValidationOptions } from './terraform/validateTerraformDir';
export { validateTerragrunt } from './terraform/validateTerragrunt';
export type { TerragruntValidationOptions } from './terraform/validateTerragrunt';
export { validateManifests } from './kubernetes/validateManifests';
export type {
  ManifestInput,
  ManifestValidationOptions,
} from './kubernetes/validateManifests';
export { validateChartValues, mergeValues } from './helm/validateChartValues';
export type { ChartValuesOptions } from './helm/validateChartValues';
export { validateRepo, TEAMS } from './validateRepo';
