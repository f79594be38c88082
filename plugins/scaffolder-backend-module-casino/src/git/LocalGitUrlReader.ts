import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import type {
  ReaderFactory,
  ReadTreeResponseFactory,
} from '@backstage/backend-defaults/urlReader';
import { Readable } from 'node:stream';
import { git, gitBuffer, gitStream } from './git';
import { readCasinoScaffolderConfig } from '../config';

/**
 * Reads files from the local bare repositories under the scaffolder's git
 * folder, addressed as `file:///<gitDir>/<repo>.git/<path>` (the default
 * branch's tip). This is what lets `catalog:register` and TechDocs use the
 * repositories the local default publishes, the way they use GitHub URLs.
 *
 * @internal
 */
export class LocalGitUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const { gitDir } = readCasinoScaffolderConfig(config).local;
    const reader = new LocalGitUrlReader(gitDir, treeResponseFactory);
    return [{ reader, predicate: (url: URL) => reader.handles(url) }];
  };

  constructor(
    private readonly gitDir: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  handles(url: URL): boolean {
    if (url.protocol !== 'file:') return false;
    try {
      this.parse(url.toString());
      return true;
    } catch {
      return false;
    }
  }

  /** Splits a URL into the bare repository and the path inside it. */
  private parse(url: string): { repo: string; filePath: string } {
    const abs = fileURLToPath(url);
    const rel = path.relative(this.gitDir, abs);
    const segments = rel.split(path.sep);
    if (
      rel.startsWith('..') ||
      path.isAbsolute(rel) ||
      !segments[0]?.endsWith('.git')
    ) {
      throw new NotFoundError(
        `${url} is not inside a repository under ${this.gitDir}`,
      );
    }
    return {
      repo: path.join(this.gitDir, segments[0]),
      filePath: segments.slice(1).filter(Boolean).join('/'),
    };
  }

  private async head(repo: string): Promise<string> {
    try {
      return (
        await git(['--git-dir', repo, 'rev-parse', '--verify', 'HEAD^{commit}'])
      ).trim();
    } catch {
      throw new NotFoundError(`Repository ${repo} does not exist or is empty`);
    }
  }

  private async objectType(repo: string, sha: string, filePath: string) {
    try {
      return (
        await git(['--git-dir', repo, 'cat-file', '-t', `${sha}:${filePath}`])
      ).trim();
    } catch {
      return undefined;
    }
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { repo, filePath } = this.parse(url);
    const sha = await this.head(repo);
    if (options?.etag === sha) throw new NotModifiedError();
    if ((await this.objectType(repo, sha, filePath)) !== 'blob') {
      throw new NotFoundError(`${url} does not exist`);
    }
    const content = await gitBuffer([
      '--git-dir',
      repo,
      'cat-file',
      'blob',
      `${sha}:${filePath}`,
    ]);
    return {
      buffer: async () => content,
      stream: () => Readable.from(content),
      etag: sha,
    };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { repo, filePath } = this.parse(url);
    const sha = await this.head(repo);
    if (options?.etag === sha) throw new NotModifiedError();
    const treeish = filePath ? `${sha}:${filePath}` : sha;
    if ((await this.objectType(repo, sha, filePath)) !== 'tree' && filePath) {
      throw new NotFoundError(`${url} is not a directory`);
    }
    return this.treeResponseFactory.fromTarArchive({
      stream: gitStream([
        '--git-dir',
        repo,
        'archive',
        '--format=tar',
        treeish,
      ]),
      etag: sha,
      filter: options?.filter,
      stripFirstDirectory: false,
    });
  }

  async search(url: string): Promise<UrlReaderServiceSearchResponse> {
    const { repo, filePath } = this.parse(url);
    const sha = await this.head(repo);
    if (/[*?[{]/.test(filePath)) {
      throw new NotFoundError(`Glob searches are not supported for ${url}`);
    }
    if ((await this.objectType(repo, sha, filePath)) !== 'blob') {
      return { files: [], etag: sha };
    }
    return {
      etag: sha,
      files: [
        {
          url,
          content: () =>
            gitBuffer([
              '--git-dir',
              repo,
              'cat-file',
              'blob',
              `${sha}:${filePath}`,
            ]),
        },
      ],
    };
  }

  toString() {
    return `casino-local-git{gitDir=${this.gitDir}}`;
  }
}
