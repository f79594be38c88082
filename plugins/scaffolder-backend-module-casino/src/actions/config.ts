import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CasinoScaffolderConfig } from '../config';
import { LocalGitRepos } from '../git/LocalGitRepos';

/**
 * `casino:config`: exposes the portal's publishing settings to a template,
 * so one template can choose its publish steps with `if:` on
 * `steps.config.output.publishMode` instead of existing twice. In local
 * mode it also brings the local project clone up to date, so the base trees
 * later steps read are current.
 *
 * @internal
 */
export function createConfigAction(options: {
  config: CasinoScaffolderConfig;
  repos: LocalGitRepos;
}) {
  const { config, repos } = options;
  return createTemplateAction({
    id: 'casino:config',
    description:
      "Outputs the portal's publishing settings (casino.scaffolder): publish mode, GitHub repository URLs, base URLs of the infra and GitOps trees, and the image registry",
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string({
              description: 'Name of a repository the template creates',
            })
            .optional(),
      },
      output: {
        publishMode: z => z.enum(['local', 'github']),
        local: z => z.boolean(),
        github: z => z.boolean(),
        newRepoUrl: z =>
          z
            .string({ description: 'repoUrl for publish:github (github mode)' })
            .optional(),
        infraRepoUrl: z =>
          z.string({
            description:
              'repoUrl for publish:github:pull-request to the infra repository',
          }),
        gitopsRepoUrl: z =>
          z.string({
            description:
              'repoUrl for publish:github:pull-request to the GitOps repository',
          }),
        infraTreeUrl: z =>
          z.string({
            description:
              "URL of the target repository's infra/ folder (fetch:plain)",
          }),
        gitopsTreeUrl: z =>
          z.string({
            description:
              "URL of the GitOps repository's infra/ folder (fetch:plain)",
          }),
        defaultBranch: z => z.string(),
        imageRegistry: z =>
          z.string({
            description:
              'The Amazon ECR registry host new services push images to',
          }),
        imageRegistryRegion: z =>
          z.string({ description: 'AWS region of imageRegistry' }),
      },
    },
    async handler(ctx) {
      const { publishMode, github, local } = config;
      const ghRepo = (repo: string) =>
        `${github.host}?owner=${github.org ?? ''}&repo=${repo}`;
      const ghTree = (repo: string) =>
        `https://${github.host}/${github.org}/${repo}/tree/${github.defaultBranch}/infra`;

      ctx.output('publishMode', publishMode);
      ctx.output('imageRegistry', config.imageRegistry);
      ctx.output('imageRegistryRegion', config.imageRegistryRegion);
      ctx.output('local', publishMode === 'local');
      ctx.output('github', publishMode === 'github');
      if (publishMode === 'github') {
        if (ctx.input.name) ctx.output('newRepoUrl', ghRepo(ctx.input.name));
        ctx.output('infraRepoUrl', ghRepo(github.infraRepo));
        ctx.output('gitopsRepoUrl', ghRepo(github.gitopsRepo));
        ctx.output('infraTreeUrl', ghTree(github.infraRepo));
        ctx.output('gitopsTreeUrl', ghTree(github.gitopsRepo));
        ctx.output('defaultBranch', github.defaultBranch);
        ctx.logger.info(
          `Publishing to GitHub: organisation '${github.org}', infra repository '${github.infraRepo}', GitOps repository '${github.gitopsRepo}'`,
        );
        return;
      }
      const clone = await repos.syncProjectClone();
      const tree = `${repos.contentsUrl(clone)}infra`;
      ctx.output('infraRepoUrl', `file://${clone}`);
      ctx.output('gitopsRepoUrl', `file://${clone}`);
      ctx.output('infraTreeUrl', tree);
      ctx.output('gitopsTreeUrl', tree);
      ctx.output('defaultBranch', local.baseBranch);
      ctx.logger.info(
        `Publishing locally: new repositories under ${local.gitDir}, infra and GitOps branches on ${clone} (from ${local.projectRepo}, base '${local.baseBranch}')`,
      );
    },
  });
}
