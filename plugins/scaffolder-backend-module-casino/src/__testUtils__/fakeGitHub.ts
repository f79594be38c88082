import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { runGit } from './fixtures';

/** A pull request the fake received. */
export interface FakePullRequest {
  number: number;
  state: 'open' | 'closed';
  owner: string;
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string;
  /** Files of the pull request's commit: path -> content */
  files: Record<string, string>;
  branchRef: string;
}

/**
 * An HTTP-level fake of the parts of GitHub the scaffolder uses (REST
 * responses shaped like api.github.com's), backed by real bare git
 * repositories: repository creation in an organisation, git push and fetch
 * over smart HTTP (served by `git http-backend`), file contents and
 * tarballs for the URL reader, and the Git Data + Pulls APIs
 * `publish:github:pull-request` drives. Conflicts answer as GitHub does:
 * creating an existing ref is 422 "Reference already exists", a second open
 * pull request for the same head is 422 "A pull request already exists for
 * owner:branch.", and the GraphQL branch lookup reports existing branches
 * with their open pull requests.
 */
export class FakeGitHub {
  readonly pulls: FakePullRequest[] = [];
  readonly createdRepos: string[] = [];
  private readonly blobs = new Map<string, string>();
  private readonly trees = new Map<
    string,
    {
      base: string;
      entries: Array<{ path: string; sha?: string; content?: string }>;
    }
  >();
  private readonly commits = new Map<
    string,
    { tree: string; message: string }
  >();
  /** Refs written through the Git Data API, by `<repo>:<ref>` */
  private readonly refs = new Map<string, string>();
  private counter = 0;

  constructor(private readonly root: string, readonly org: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  /** Adds an existing repository with the contents of a local git repository's main branch. */
  addRepository(name: string, from: string) {
    execFileSync('git', [
      'clone',
      '--bare',
      '--quiet',
      from,
      this.repoDir(name),
    ]);
  }

  repoDir(name: string) {
    return path.join(this.root, `${this.org}__${name}.git`);
  }

  private sha(prefix: string) {
    this.counter += 1;
    return `${prefix}${this.counter.toString(16)}`.padEnd(40, '0');
  }

  private repoJson(name: string) {
    return {
      id: 1000 + name.length,
      name,
      full_name: `${this.org}/${name}`,
      owner: { login: this.org, type: 'Organization' },
      private: true,
      html_url: `https://github.com/${this.org}/${name}`,
      clone_url: `https://github.com/${this.org}/${name}.git`,
      archive_url: `https://api.github.com/repos/${this.org}/${name}/{archive_format}{/ref}`,
      default_branch: 'main',
      size: 1,
      permissions: { admin: true, push: true, pull: true },
    };
  }

  /** Closes a pull request, as merging or closing it on GitHub does. */
  closePull(number: number) {
    const pr = this.pulls.find(p => p.number === number);
    if (!pr) throw new Error(`No pull request #${number}`);
    pr.state = 'closed';
  }

  /** The commit a branch points at: the Git Data API's refs, else the bare repository's. */
  branchSha(repo: string, branch: string): string | undefined {
    const written = this.refs.get(`${repo}:refs/heads/${branch}`);
    if (written) return written;
    try {
      return runGit([
        '--git-dir',
        this.repoDir(repo),
        'rev-parse',
        '--verify',
        '--quiet',
        `refs/heads/${branch}`,
      ]).trim();
    } catch {
      return undefined;
    }
  }

  private openPull(repo: string, head: string) {
    return this.pulls.find(
      p => p.repo === repo && p.head === head && p.state === 'open',
    );
  }

  private head(name: string) {
    return runGit([
      '--git-dir',
      this.repoDir(name),
      'rev-parse',
      'main',
    ]).trim();
  }

  handlers() {
    const api = 'https://api.github.com';
    const org = this.org;
    const exists = (repo: string) => fs.existsSync(this.repoDir(repo));
    const notFound = () =>
      HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    return [
      http.get(`${api}/users/:owner`, ({ params }) =>
        HttpResponse.json({
          login: params.owner,
          type: params.owner === org ? 'Organization' : 'User',
        }),
      ),
      http.post(`${api}/orgs/:org/repos`, async ({ params, request }) => {
        const body = (await request.json()) as { name: string };
        if (params.org !== org) return notFound();
        if (exists(body.name)) {
          return HttpResponse.json(
            {
              message: 'Repository creation failed.',
              errors: [
                {
                  resource: 'Repository',
                  code: 'custom',
                  field: 'name',
                  message: 'name already exists on this account',
                },
              ],
            },
            { status: 422 },
          );
        }
        execFileSync('git', [
          'init',
          '--bare',
          '--quiet',
          '-b',
          'main',
          this.repoDir(body.name),
        ]);
        this.createdRepos.push(body.name);
        return HttpResponse.json(
          { ...this.repoJson(body.name), size: 0 },
          { status: 201 },
        );
      }),
      http.put(`${api}/repos/:owner/:repo/branches/:branch/protection`, () =>
        HttpResponse.json({}),
      ),
      http.get(`${api}/repos/:owner/:repo`, ({ params }) =>
        exists(params.repo as string)
          ? HttpResponse.json(this.repoJson(params.repo as string))
          : notFound(),
      ),
      // URL reader: single files (raw) and tarballs of a commit
      http.get(
        `${api}/repos/:owner/:repo/contents/*`,
        ({ params, request }) => {
          const repo = params.repo as string;
          const file = (params as any)[0] as string;
          const ref = new URL(request.url).searchParams.get('ref') ?? 'main';
          try {
            const content = execFileSync('git', [
              '--git-dir',
              this.repoDir(repo),
              'show',
              `${ref}:${file}`,
            ]);
            return new HttpResponse(content, {
              headers: {
                ETag: `"${this.head(repo)}"`,
                'Content-Type': 'application/vnd.github.v3.raw',
              },
            });
          } catch {
            return notFound();
          }
        },
      ),
      http.get(
        `${api}/repos/:owner/:repo/commits/:ref/status`,
        ({ params }) => {
          const repo = params.repo as string;
          if (!exists(repo)) return notFound();
          const sha = runGit([
            '--git-dir',
            this.repoDir(repo),
            'rev-parse',
            params.ref as string,
          ]).trim();
          return HttpResponse.json({
            sha,
            state: 'success',
            repository: this.repoJson(repo),
          });
        },
      ),
      http.get(`${api}/repos/:owner/:repo/tarball/:sha`, ({ params }) => {
        const repo = params.repo as string;
        const tar = execFileSync('git', [
          '--git-dir',
          this.repoDir(repo),
          'archive',
          '--format=tar.gz',
          `--prefix=${org}-${repo}-${(params.sha as string).slice(0, 7)}/`,
          params.sha as string,
        ]);
        return new HttpResponse(tar, {
          headers: { 'Content-Type': 'application/x-gzip' },
        });
      }),
      // publish:github:pull-request (octokit-plugin-create-pull-request)
      http.get(`${api}/repos/:owner/:repo/commits`, ({ params, request }) => {
        const repo = params.repo as string;
        const ref = new URL(request.url).searchParams.get('sha') ?? 'main';
        const sha = runGit([
          '--git-dir',
          this.repoDir(repo),
          'rev-parse',
          ref,
        ]).trim();
        const tree = runGit([
          '--git-dir',
          this.repoDir(repo),
          'rev-parse',
          `${ref}^{tree}`,
        ]).trim();
        return HttpResponse.json([{ sha, commit: { tree: { sha: tree } } }]);
      }),
      http.post(`${api}/repos/:owner/:repo/git/blobs`, async ({ request }) => {
        const body = (await request.json()) as {
          content: string;
          encoding?: string;
        };
        const sha = this.sha('b');
        this.blobs.set(
          sha,
          body.encoding === 'base64'
            ? Buffer.from(body.content, 'base64').toString('utf8')
            : body.content,
        );
        return HttpResponse.json(
          { sha, url: `${api}/blobs/${sha}` },
          { status: 201 },
        );
      }),
      http.post(`${api}/repos/:owner/:repo/git/trees`, async ({ request }) => {
        const body = (await request.json()) as {
          base_tree: string;
          tree: Array<{ path: string; sha?: string; content?: string }>;
        };
        const sha = this.sha('7');
        this.trees.set(sha, { base: body.base_tree, entries: body.tree });
        return HttpResponse.json({ sha, tree: [] }, { status: 201 });
      }),
      http.post(
        `${api}/repos/:owner/:repo/git/commits`,
        async ({ request }) => {
          const body = (await request.json()) as {
            tree: string;
            message: string;
          };
          const sha = this.sha('c');
          this.commits.set(sha, { tree: body.tree, message: body.message });
          return HttpResponse.json(
            { sha, tree: { sha: body.tree } },
            { status: 201 },
          );
        },
      ),
      // The branch lookup of octokit-plugin-create-pull-request
      http.post(`${api}/graphql`, async ({ request }) => {
        const { variables } = (await request.json()) as {
          variables: { owner: string; repo: string; head: string };
        };
        const { owner, repo, head } = variables;
        if (!this.branchSha(repo, head)) {
          return HttpResponse.json({ data: { repository: { ref: null } } });
        }
        const open = this.openPull(repo, `${owner}:${head}`);
        return HttpResponse.json({
          data: {
            repository: {
              ref: {
                associatedPullRequests: {
                  edges: open
                    ? [
                        {
                          node: {
                            id: `PR_${open.number}`,
                            number: open.number,
                            url: this.pullUrl(open),
                          },
                        },
                      ]
                    : [],
                },
              },
            },
          },
        });
      }),
      http.post(
        `${api}/repos/:owner/:repo/git/refs`,
        async ({ params, request }) => {
          const body = (await request.json()) as { ref: string; sha: string };
          const repo = params.repo as string;
          const branch = body.ref.replace(/^refs\/heads\//, '');
          if (this.branchSha(repo, branch)) {
            return HttpResponse.json(
              {
                message: 'Reference already exists',
                documentation_url:
                  'https://docs.github.com/rest/git/refs#create-a-reference',
                status: '422',
              },
              { status: 422 },
            );
          }
          this.refs.set(`${repo}:${body.ref}`, body.sha);
          return HttpResponse.json(
            {
              ref: body.ref,
              url: `${api}/repos/${params.owner}/${repo}/git/${body.ref}`,
              object: { sha: body.sha, type: 'commit' },
            },
            { status: 201 },
          );
        },
      ),
      // Force-updating an existing branch (octokit sends ref as heads/<branch>)
      http.patch(
        `${api}/repos/:owner/:repo/git/refs/*`,
        async ({ params, request }) => {
          const body = (await request.json()) as { sha: string };
          const repo = params.repo as string;
          const ref = `refs/${decodeURIComponent(
            (params as any)[0] as string,
          )}`;
          if (!this.branchSha(repo, ref.replace(/^refs\/heads\//, ''))) {
            return HttpResponse.json(
              {
                message: 'Reference does not exist',
                documentation_url:
                  'https://docs.github.com/rest/git/refs#update-a-reference',
                status: '422',
              },
              { status: 422 },
            );
          }
          this.refs.set(`${repo}:${ref}`, body.sha);
          return HttpResponse.json({
            ref,
            object: { sha: body.sha, type: 'commit' },
          });
        },
      ),
      http.post(
        `${api}/repos/:owner/:repo/pulls`,
        async ({ params, request }) => {
          const body = (await request.json()) as {
            head: string;
            base: string;
            title: string;
            body: string;
          };
          const repo = params.repo as string;
          const branch = body.head.split(':').pop()!;
          const head = body.head.includes(':')
            ? body.head
            : `${params.owner}:${body.head}`;
          if (this.openPull(repo, head)) {
            return HttpResponse.json(
              {
                message: 'Validation Failed',
                errors: [
                  {
                    resource: 'PullRequest',
                    code: 'custom',
                    message: `A pull request already exists for ${head}.`,
                  },
                ],
                documentation_url:
                  'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
                status: '422',
              },
              { status: 422 },
            );
          }
          const sha = this.branchSha(repo, branch);
          const commit = this.commits.get(sha ?? '');
          const tree = this.trees.get(commit?.tree ?? '');
          const files: Record<string, string> = {};
          for (const e of tree?.entries ?? []) {
            files[e.path] = e.content ?? this.blobs.get(e.sha ?? '') ?? '';
          }
          const number = this.pulls.length + 1;
          const pr: FakePullRequest = {
            number,
            state: 'open',
            owner: params.owner as string,
            repo,
            head,
            base: body.base,
            title: body.title,
            body: body.body,
            files,
            branchRef: `refs/heads/${branch}`,
          };
          this.pulls.push(pr);
          return HttpResponse.json(
            {
              number,
              state: 'open',
              title: body.title,
              body: body.body,
              html_url: this.pullUrl(pr),
              head: { ref: branch, sha },
              base: { ref: body.base },
            },
            { status: 201 },
          );
        },
      ),
      // git smart HTTP, served by git http-backend from the bare repositories
      http.all(
        'https://github.com/:owner/:repoGit/*',
        async ({ params, request }) => {
          const repo = (params.repoGit as string).replace(/\.git$/, '');
          const url = new URL(request.url);
          const rest = (params as any)[0] as string;
          return this.httpBackend(
            repo,
            `/${rest}`,
            url.search.slice(1),
            request,
          );
        },
      ),
    ];
  }

  private pullUrl(pr: FakePullRequest) {
    return `https://github.com/${pr.owner}/${pr.repo}/pull/${pr.number}`;
  }

  private async httpBackend(
    repo: string,
    pathInfo: string,
    query: string,
    request: Request,
  ) {
    const body = Buffer.from(await request.arrayBuffer());
    const child = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        REMOTE_USER: 'x-access-token',
        PATH_INFO: `/${this.org}__${repo}.git${pathInfo}`,
        QUERY_STRING: query,
        REQUEST_METHOD: request.method,
        CONTENT_TYPE: request.headers.get('content-type') ?? '',
        CONTENT_LENGTH: String(body.length),
        HTTP_CONTENT_ENCODING: request.headers.get('content-encoding') ?? '',
      },
    });
    child.stdin.end(body);
    const chunks: Buffer[] = [];
    for await (const c of child.stdout) chunks.push(c as Buffer);
    const out = Buffer.concat(chunks);
    const split = out.indexOf('\r\n\r\n');
    const head = out.subarray(0, split).toString('utf8');
    const headers = new Headers();
    let status = 200;
    for (const line of head.split('\r\n')) {
      const [k, ...v] = line.split(':');
      if (k.toLowerCase() === 'status')
        status = parseInt(v.join(':').trim(), 10);
      else headers.set(k, v.join(':').trim());
    }
    return new HttpResponse(out.subarray(split + 4), { status, headers });
  }
}
