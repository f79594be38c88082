import path from 'node:path';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The portal's publishing settings, resolved. @internal */
export interface CasinoScaffolderConfig {
  publishMode: 'local' | 'github';
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
  return {
    publishMode,
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
