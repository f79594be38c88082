import path from 'node:path';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The portal's publishing settings, resolved. @internal */
export interface CasinoScaffolderConfig {
  publishMode: 'local' | 'github';
  /** Amazon ECR registry host new services push their images to */
  imageRegistry: string;
  /** AWS region of `imageRegistry` */
  imageRegistryRegion: string;
  github: {
    host: string;
    org?: string;
    infraRepo: string;
    gitopsRepo: string;
    defaultBranch: string;
  };
  local: {
    /** Absolute folder of the bare repositories and the project clone */
    gitDir: string;
    /** Absolute path (or URL) of the project repository to clone */
    projectRepo: string;
    baseBranch: string;
    /** Name of the bare clone of the project inside `gitDir` */
    projectCloneName: string;
  };
}

const DEFAULT_IMAGE_REGISTRY =
  '123456789012.dkr.ecr.eu-central-1.amazonaws.com';
// <account>.dkr.ecr.<region>.amazonaws.com; it lands in generated YAML, so
// nothing but the host is accepted
const ECR_REGISTRY =
  /^[0-9]{12}\.dkr\.ecr\.([a-z]{2}(?:-[a-z]+)+-[0-9])\.amazonaws\.com$/;

/** Reads `casino.scaffolder`; relative paths resolve against the process directory. @internal */
export function readCasinoScaffolderConfig(
  config: Config,
): CasinoScaffolderConfig {
  const c = config.getOptionalConfig('casino.scaffolder');
  const publishMode = c?.getOptionalString('publishMode') ?? 'local';
  if (publishMode !== 'local' && publishMode !== 'github') {
    throw new InputError(
      `casino.scaffolder.publishMode must be 'local' or 'github', got '${publishMode}'`,
    );
  }
  const org = c?.getOptionalString('github.org');
  if (publishMode === 'github' && !org) {
    throw new InputError(
      `casino.scaffolder.github.org is required when casino.scaffolder.publishMode is 'github'`,
    );
  }
  const projectRepo = c?.getOptionalString('local.projectRepo') ?? '../..';
  const imageRegistry =
    c?.getOptionalString('imageRegistry') ?? DEFAULT_IMAGE_REGISTRY;
  const ecr = ECR_REGISTRY.exec(imageRegistry);
  if (!ecr) {
    throw new InputError(
      `casino.scaffolder.imageRegistry must be an Amazon ECR registry host such as '${DEFAULT_IMAGE_REGISTRY}', got '${imageRegistry}'`,
    );
  }
  return {
    publishMode,
    imageRegistry,
    imageRegistryRegion: ecr[1],
    github: {
      host: c?.getOptionalString('github.host') ?? 'github.com',
      org,
      infraRepo: c?.getOptionalString('github.infraRepo') ?? 'casino-platform',
      gitopsRepo:
        c?.getOptionalString('github.gitopsRepo') ?? 'casino-platform',
      defaultBranch: c?.getOptionalString('github.defaultBranch') ?? 'main',
    },
    local: {
      gitDir: path.resolve(
        c?.getOptionalString('local.gitDir') ?? '../../data/git',
      ),
      projectRepo: /^[a-z]+:\/\//.test(projectRepo)
        ? projectRepo
        : path.resolve(projectRepo),
      baseBranch: c?.getOptionalString('local.baseBranch') ?? 'main',
      projectCloneName: 'casino-platform.git',
    },
  };
}
