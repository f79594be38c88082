import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  PreparerBase,
  PreparerOptions,
  PreparerResponse,
  parseReferenceAnnotation,
  transformDirLocation,
} from '@backstage/plugin-techdocs-node';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readDocsDir } from './mkdocsConfig';

/**
 * Prepares `dir:` TechDocs sources that are local folders by copying the
 * site into a temporary directory, and delegates everything else (folders
 * in remote repositories) to the stock preparer.
 *
 * Why: the stock preparer hands the folder itself to the generator, which
 * rewrites its `mkdocs.yml` in place and scans the whole folder for symlinks
 * — for a site at the repository root that is the working tree and all of
 * `node_modules`. Only what a site needs is copied: `mkdocs.yml`, its
 * `docs_dir`, and the files (not folders) next to `mkdocs.yml`, such as a
 * README included into `docs/index.md`.
 *
 * The etag is a hash of the copied files, so an unchanged site is not
 * rebuilt.
 *
 * @internal
 */
export class LocalDirectoryPreparer implements PreparerBase {
  static create(options: {
    fallback: PreparerBase;
    scmIntegrations: ScmIntegrationRegistry;
    logger: LoggerService;
    tempDir?: string;
  }) {
    return new LocalDirectoryPreparer(
      options.fallback,
      options.scmIntegrations,
      options.logger,
      options.tempDir ?? os.tmpdir(),
    );
  }

  private constructor(
    private readonly fallback: PreparerBase,
    private readonly scmIntegrations: ScmIntegrationRegistry,
    private readonly logger: LoggerService,
    private readonly tempDir: string,
  ) {}

  shouldCleanPreparedDirectory(): boolean {
    return true;
  }

  async prepare(
    entity: Entity,
    options?: PreparerOptions,
  ): Promise<PreparerResponse> {
    const annotation = parseReferenceAnnotation(
      'backstage.io/techdocs-ref',
      entity,
    );
    const { type, target } = transformDirLocation(
      entity,
      annotation,
      this.scmIntegrations,
    );
    if (type !== 'dir') {
      return this.fallback.prepare(entity, options);
    }

    const files = await listSiteFiles(target);
    const etag = await hashFiles(target, files);
    if (options?.etag && options.etag === etag) {
      throw new NotModifiedError();
    }

    const preparedDir = await fs.mkdtemp(
      path.join(this.tempDir, 'techdocs-local-'),
    );
    for (const file of files) {
      const to = path.join(preparedDir, file);
      await fs.mkdir(path.dirname(to), { recursive: true });
      await fs.copyFile(path.join(target, file), to);
    }
    (options?.logger ?? this.logger).debug(
      `Copied ${files.length} files of the TechDocs site in ${target} to ${preparedDir}`,
    );
    return { preparedDir, etag };
  }
}

/**
 * The files of the site in `siteDir`, relative to it and sorted: the files
 * at its top level (mkdocs.yml, README.md, ...) and everything under its
 * docs_dir. A symlink in docs_dir is copied as the file it points at when
 * that file is inside the site (e.g. `docs/index.md -> ../README.md`);
 * other symlinks are skipped.
 */
export async function listSiteFiles(siteDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.readdir(siteDir, { withFileTypes: true })) {
    if (entry.isFile()) {
      files.push(entry.name);
    }
  }
  const docsDir = await readDocsDir(siteDir);
  const docsRoot = path.resolve(siteDir, docsDir);
  try {
    const entries = await fs.readdir(docsRoot, {
      recursive: true,
      withFileTypes: true,
    });
    for (const entry of entries) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() || (await isFileLinkInside(siteDir, file))) {
        files.push(path.relative(siteDir, file));
      }
    }
  } catch (error) {
    // A site without a docs folder still builds (or fails) in mkdocs, which
    // reports it to the reader.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  return [...new Set(files)].sort();
}

async function isFileLinkInside(siteDir: string, file: string) {
  try {
    const stat = await fs.lstat(file);
    if (!stat.isSymbolicLink()) return false;
    const [real, realSite] = await Promise.all([
      fs.realpath(file),
      fs.realpath(siteDir),
    ]);
    return (
      real.startsWith(realSite + path.sep) && (await fs.stat(real)).isFile()
    );
  } catch {
    return false;
  }
}

async function hashFiles(root: string, files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update('\0');
    hash.update(await fs.readFile(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
