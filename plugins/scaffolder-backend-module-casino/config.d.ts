export interface Config {
  casino?: {
    /** How the portal's software templates publish what they create. */
    scaffolder?: {
      /**
       * `local`: new repositories are bare git repositories under
       * `local.gitDir`, infra and GitOps changes are branches on a local clone
       * of this project there. `github`: `publish:github` and
       * `publish:github:pull-request` against `github.org`.
       * @default local
       * @visibility frontend
       */
      publishMode?: 'local' | 'github';
      /**
       * The platform's container registry (Amazon ECR): new services' CI
       * pushes `<imageRegistry>/<team>/<service>:<commit>` there, and the
       * deploy template's image repository points at it. The AWS region is
       * read from the host name.
       * @default 123456789012.dkr.ecr.eu-central-1.amazonaws.com
       */
      imageRegistry?: string;
      github?: {
        /**
         * Organisation that owns new service repositories and the infra and
         * GitOps repositories.
         * @visibility frontend
         */
        org?: string;
        /**
         * Host of the GitHub integration (`integrations.github[].host`).
         * @default github.com
         */
        host?: string;
        /**
         * Repository that holds `infra/terraform`, `infra/terragrunt` and
         * `infra/kubernetes` (Terraform pull requests go here).
         * @default casino-platform
         */
        infraRepo?: string;
        /**
         * Repository the Argo CD ApplicationSet reads `infra/apps/` from
         * (deployment pull requests go here).
         * @default casino-platform
         */
        gitopsRepo?: string;
        /**
         * Branch pull requests target and base trees are read from.
         * @default main
         */
        defaultBranch?: string;
      };
      local?: {
        /**
         * Folder for the local bare repositories and the local clone of this
         * project; relative paths resolve against the backend's working
         * directory.
         * @default ../../data/git
         */
        gitDir?: string;
        /**
         * The project repository cloned into `gitDir` for local infra and
         * GitOps branches.
         * @default ../..
         */
        projectRepo?: string;
        /**
         * Branch of `projectRepo` that local branches start from.
         * @default main
         */
        baseBranch?: string;
      };
    };
  };
}
