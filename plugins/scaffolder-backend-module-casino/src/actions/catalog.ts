import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, isError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LocalGitRepos } from '../git/LocalGitRepos';
import { DNS_1123_LABEL } from './util';

/**
 * `casino:catalog:check-name`: fails the task before anything is created when
 * a name is not a DNS-1123 label or is already taken in the catalog.
 *
 * @internal
 */
export function createCheckNameAction(options: { catalog: CatalogService }) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'casino:catalog:check-name',
    description:
      'Fails early when a new entity name is not a DNS-1123 label or is already in the catalog',
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'The new name' }),
        field: z =>
          z
            .string({
              description: 'Form field the name came from, quoted in errors',
            })
            .optional(),
        kind: z =>
          z
            .string({ description: 'Entity kind (default Component)' })
            .optional(),
        namespace: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const {
        name,
        field = 'name',
        kind = 'Component',
        namespace = 'default',
      } = ctx.input;
      if (name.length > 63 || !DNS_1123_LABEL.test(name)) {
        throw new InputError(
          `${field} '${name}' is not a DNS-1123 label: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
        );
      }
      const ref = stringifyEntityRef({ kind, namespace, name });
      const existing = await catalog.getEntityByRef(ref, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (existing) {
        const owner = (existing.spec as { owner?: string } | undefined)?.owner;
        throw new ConflictError(
          `${field} '${name}' is already taken: ${ref} is in the catalog${
            owner ? ` (owner ${owner})` : ''
          }. Choose another name.`,
        );
      }
      ctx.logger.info(
        `${field} '${name}' is free (${ref} is not in the catalog)`,
      );
    },
  });
}

/**
 * `casino:catalog:register`: registers a catalog-info URL, after a dry run
 * proves the catalog can read and accept it. On failure it says what the
 * task already created and, for a local repository, removes it so no
 * half-created service is left behind.
 *
 * @internal
 */
export function createRegisterAction(options: {
  catalog: CatalogService;
  repos: LocalGitRepos;
}) {
  const { catalog, repos } = options;
  return createTemplateAction({
    id: 'casino:catalog:register',
    description:
      'Registers a catalog-info.yaml URL in the catalog; on failure reports what the task already created and removes a local repository it names',
    schema: {
      input: {
        catalogInfoUrl: z =>
          z.string({ description: 'URL of the catalog-info.yaml' }),
        created: z =>
          z
            .array(z.string(), {
              description:
                'What earlier steps created, for the failure message',
            })
            .optional(),
        removeLocalRepoOnFailure: z =>
          z
            .string({
              description:
                'Name of a local repository (casino:publish:local-repo) to delete if registration fails',
            })
            .optional(),
      },
      output: {
        entityRef: z => z.string(),
        catalogInfoUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const {
        catalogInfoUrl,
        created = [],
        removeLocalRepoOnFailure,
      } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      let entityRef: string | undefined;
      try {
        const preview = await catalog.addLocation(
          { type: 'url', target: catalogInfoUrl, dryRun: true },
          { credentials },
        );
        const entities = preview.entities.filter(e => e.kind !== 'Location');
        const main = entities.find(e => e.kind === 'Component') ?? entities[0];
        if (!main) {
          throw new InputError(`${catalogInfoUrl} contains no entities`);
        }
        entityRef = stringifyEntityRef(main);
        ctx.logger.info(
          `Registering ${catalogInfoUrl} in the catalog (${entityRef})`,
        );
        await catalog.addLocation(
          { type: 'url', target: catalogInfoUrl },
          { credentials },
        );
      } catch (e) {
        const reason = isError(e) ? e.message : String(e);
        let cleanup = '';
        if (removeLocalRepoOnFailure) {
          await repos.deleteRepository(removeLocalRepoOnFailure);
          cleanup = ` The local repository '${removeLocalRepoOnFailure}' was removed again, so nothing is left behind.`;
        } else if (created.length) {
          cleanup = ` Already created (not removed): ${created.join('; ')}.`;
        }
        throw new InputError(
          `Registering ${catalogInfoUrl} in the catalog failed: ${reason}.${cleanup}`,
        );
      }
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', catalogInfoUrl);
    },
  });
}
