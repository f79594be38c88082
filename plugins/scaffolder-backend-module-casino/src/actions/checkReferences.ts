import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

/** A form field that holds a reference to an entity that must exist. */
export type FieldReference = {
  /** Form field, quoted in errors. */
  field: string;
  /** Kind the entity must have; also the kind of a short reference. */
  kind: string;
  /** The reference as the form sent it (full or short). */
  ref: string;
};

/**
 * Throws an InputError naming the field of the first reference that is
 * malformed, missing from the catalog, or of another kind. The form's
 * pickers offer only catalog entities; this holds when a task is started
 * without the form (the API, a link with formData, a stale form).
 */
export async function assertReferencesExist(
  catalog: CatalogService,
  references: FieldReference[],
  credentials: BackstageCredentials,
) {
  for (const reference of references) {
    let target: string;
    try {
      target = stringifyEntityRef(
        parseEntityRef(reference.ref, {
          defaultKind: reference.kind,
          defaultNamespace: 'default',
        }),
      );
    } catch (e) {
      throw new InputError(
        `${reference.field} '${reference.ref}' is not an entity reference`,
      );
    }
    const found = await catalog.getEntityByRef(target, { credentials });
    if (
      !found ||
      found.kind.toLocaleLowerCase('en-US') !==
        reference.kind.toLocaleLowerCase('en-US')
    ) {
      throw new InputError(
        `${reference.field} '${reference.ref}' does not exist: there is no ${target} in the catalog. Pick one from the list.`,
      );
    }
  }
}

/**
 * `casino:catalog:check-references`: fails the task before anything is
 * written when an entity a form field points at (the component to deploy,
 * its team) is not in the catalog.
 *
 * @internal
 */
export function createCheckReferencesAction(options: {
  catalog: CatalogService;
}) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'casino:catalog:check-references',
    description:
      'Fails early when an entity a form field points at is not in the catalog',
    supportsDryRun: true,
    schema: {
      input: {
        references: z =>
          z
            .array(
              z.object({
                field: z.string({
                  description: 'Form field, quoted in errors',
                }),
                kind: z.string({
                  description:
                    'Kind the entity must have (and of a short reference)',
                }),
                ref: z.string({ description: 'The entity reference' }),
              }),
              { description: 'The references; each must exist' },
            )
            .min(1),
      },
    },
    async handler(ctx) {
      await assertReferencesExist(
        catalog,
        ctx.input.references,
        await ctx.getInitiatorCredentials(),
      );
      ctx.logger.info(
        `In the catalog: ${ctx.input.references
          .map(r => `${r.field} '${r.ref}'`)
          .join(', ')}`,
      );
    },
  });
}
