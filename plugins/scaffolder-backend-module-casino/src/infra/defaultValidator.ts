import { validateRepo } from '@internal/infra-validator';
import { InfraTreeValidator } from './types';

/**
 * The platform's infra validator (HCL parse, module contract, Karpenter CRD
 * schema, chart values schema), run on a repository root holding `infra/`.
 *
 * @internal
 */
export const defaultInfraValidator: InfraTreeValidator = rootDir =>
  validateRepo(rootDir);
