import { InfraTreeValidator } from './types';

/**
 * The platform's infra validator, run on a repository root.
 * TODO(infra-validator): bind to @internal/infra-validator's tree validation
 * once it exports it.
 *
 * @internal
 */
export const defaultInfraValidator: InfraTreeValidator = async () => {
  throw new Error('infra validator not wired yet');
};
