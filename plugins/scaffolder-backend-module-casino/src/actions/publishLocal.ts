import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LocalGitRepos } from '../git/LocalGitRepos';
import { authorOf, DNS_1123_LABEL, workspaceChild } from './util';

/**
 * `casino:publish:local-repo`: the local default's `publish:github`. Creates
 * a bare repository `<gitDir>/<name>.git` with the workspace contents as its
 * first commit; a failure leaves no repository behind.
 *
 * @internal
 */
export function createPublishLocalRepoAction(options: {
  repos: LocalGitRepos;
}) {
  const { repos } = options;
  return createTemplateAction({
    id: 'casino:publish:local-repo',
    description:
      "Publishes the workspace as a new bare git repository on the portal's disk (the local default's stand-in for publish:github)",
    schema: {
      input: {
        name: z =>
          z
            .string({ description: 'Repository name, a DNS-1123 label' })
            .regex(DNS_1123_LABEL, {
              message:
                "name must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
            })
            .max(63),
        sourcePath: z =>
          z
            .string({
              description:
                'Workspace folder to publish (default: the whole workspace)',
            })
            .optional(),
        defaultBranch: z => z.string().optional(),
        commitMessage: z => z.string().optional(),
      },
      output: {
        remoteUrl: z => z.string({ description: 'file:// URL to git clone' }),
        repoContentsUrl: z => z.string(),
        catalogInfoUrl: z =>
          z.string({
            description: 'URL of catalog-info.yaml for catalog:register',
          }),
        commitHash: z => z.string(),
      },
    },
    async handler(ctx) {
      const result = await repos.createRepository({
        name: ctx.input.name,
        sourceDir: workspaceChild(ctx, ctx.input.sourcePath, 'sourcePath'),
        commitMessage:
          ctx.input.commitMessage ??
          'Initial commit from the Casino Platform Portal',
        author: authorOf(ctx),
        defaultBranch: ctx.input.defaultBranch,
      });
      ctx.logger.info(
        `Created repository ${result.remoteUrl} (commit ${result.commitHash})`,
      );
      ctx.output('remoteUrl', result.remoteUrl);
      ctx.output('repoContentsUrl', result.repoContentsUrl);
      ctx.output('catalogInfoUrl', result.catalogInfoUrl);
      ctx.output('commitHash', result.commitHash);
    },
  });
}

/**
 * `casino:publish:local-branch`: the local default's
 * `publish:github:pull-request`. Commits the workspace folder onto a new
 * branch of the local project clone and outputs the branch's diff; a
 * failure leaves no branch behind.
 *
 * @internal
 */
export function createPublishLocalBranchAction(options: {
  repos: LocalGitRepos;
}) {
  const { repos } = options;
  return createTemplateAction({
    id: 'casino:publish:local-branch',
    description:
      "Commits workspace files onto a new branch of the portal's local clone of this project (the local default's stand-in for publish:github:pull-request) and outputs the diff",
    schema: {
      input: {
        branchName: z => z.string({ description: 'New branch' }).min(1),
        title: z =>
          z
            .string({ description: 'Pull request title; the commit subject' })
            .min(1),
        description: z =>
          z
            .string({
              description:
                'Pull request body; the commit body and the branch description',
            })
            .optional(),
        sourcePath: z =>
          z
            .string({
              description: 'Workspace folder whose files are committed',
            })
            .optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Folder in the repository they are copied to (default: root)',
            })
            .optional(),
      },
      output: {
        remoteUrl: z => z.string(),
        branchName: z => z.string(),
        baseBranch: z => z.string(),
        commitHash: z => z.string(),
        diff: z => z.string(),
        files: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const { branchName, title, description } = ctx.input;
      const result = await repos.createBranch({
        branchName,
        sourceDir: workspaceChild(ctx, ctx.input.sourcePath, 'sourcePath'),
        targetPath: ctx.input.targetPath,
        commitMessage: description ? `${title}\n\n${description}` : title,
        description: description ? `${title}\n\n${description}` : title,
        author: authorOf(ctx),
      });
      ctx.logger.info(
        `Created branch '${result.branchName}' on ${result.remoteUrl} from '${
          result.baseBranch
        }' (commit ${result.commitHash}): ${result.files.join(', ')}`,
      );
      ctx.logger.info(`Diff against '${result.baseBranch}':\n${result.diff}`);
      ctx.output('remoteUrl', result.remoteUrl);
      ctx.output('branchName', result.branchName);
      ctx.output('baseBranch', result.baseBranch);
      ctx.output('commitHash', result.commitHash);
      ctx.output('diff', result.diff);
      ctx.output('files', result.files);
    },
  });
}
