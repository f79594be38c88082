import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AuthService,
  BackstageCredentials,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, isError } from '@backstage/errors';
import {
  CatalogService,
  locationSpecToLocationEntity,
} from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseAllDocuments } from 'yaml';
import { LocalGitRepos } from '../git/LocalGitRepos';
import { DNS_1123_LABEL } from './util';
import { assertReferencesExist } from './checkReferences';

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
        references: z =>
          z
            .array(
              z.object({
                field: z.string({
                  description: 'Form field, quoted in errors',
                }),
                kind: z.string({ description: 'Kind of a short reference' }),
                ref: z.string({ description: 'The entity reference' }),
              }),
              {
                description:
                  'Entities the new one will point at (its system, its owner): each must exist, or the task stops before anything is created',
              },
            )
            .optional(),
      },
    },
    async handler(ctx) {
      const {
        name,
        field = 'name',
        kind = 'Component',
        namespace = 'default',
        references = [],
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
      await assertReferencesExist(
        catalog,
        references,
        await ctx.getInitiatorCredentials(),
      );
    },
  });
}

/**
 * Checks that a catalog file holds exactly the promised entities: every YAML
 * document, by kind, namespace and name, nothing more and nothing missing.
 * Template parameters end up in these files, so anything else (a User, a
 * Template, a Location, a second Resource) is an injection.
 *
 * @internal
 */
export function checkPromisedEntities(
  what: string,
  found: Array<{ kind?: unknown; metadata?: any }>,
  promised: string[],
) {
  const refs = found.map(e => {
    if (typeof e?.kind !== 'string' || typeof e.metadata?.name !== 'string') {
      throw new InputError(
        `${what} holds a document that is not an entity (kind and metadata.name are required)`,
      );
    }
    return stringifyEntityRef({
      kind: e.kind,
      namespace:
        typeof e.metadata.namespace === 'string'
          ? e.metadata.namespace
          : undefined,
      name: e.metadata.name,
    });
  });
  const expected = promised.map(r => stringifyEntityRef(parseEntityRef(r)));
  const unexpected = [...refs];
  const missing: string[] = [];
  for (const ref of expected) {
    const i = unexpected.indexOf(ref);
    if (i >= 0) unexpected.splice(i, 1);
    else missing.push(ref);
  }
  if (unexpected.length || missing.length) {
    throw new InputError(
      `${what} must hold exactly ${expected.join(', ')}; ${[
        unexpected.length ? `unexpected: ${unexpected.join(', ')}` : '',
        missing.length ? `missing: ${missing.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')}`,
    );
  }
}

/** Parses every YAML document of a catalog file. */
function parseCatalogFile(what: string, text: string) {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) {
    throw new InputError(`${what} is not a YAML document stream`);
  }
  return docs
    .filter(d => d.contents !== null)
    .map(d => {
      if (d.errors.length) {
        throw new InputError(
          `${what} is not valid YAML: ${d.errors[0].message}`,
        );
      }
      return d.toJS({ maxAliasCount: 0 });
    });
}

/**
 * `casino:catalog:register`: registers a catalog-info URL, after checking
 * that the file (every YAML document) and the catalog's dry run yield exactly
 * the entities the template promises, and that the catalog accepts them. On failure it says what the
 * task already created and, for a local repository, removes it so no
 * half-created service is left behind.
 *
 * @internal
 */
export function createRegisterAction(options: {
  catalog: CatalogService;
  repos: LocalGitRepos;
  urlReader: UrlReaderService;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  /** How long to wait for the catalog to finish processing the new entity. */
  waitTimeoutMs?: number;
}) {
  const { catalog, repos, urlReader, auth } = options;
  const waitTimeoutMs = options.waitTimeoutMs ?? 60_000;
  return createTemplateAction({
    id: 'casino:catalog:register',
    description:
      'Registers a catalog-info.yaml URL in the catalog; on failure reports what the task already created and removes a local repository it names',
    schema: {
      input: {
        catalogInfoUrl: z =>
          z.string({ description: 'URL of the catalog-info.yaml' }),
        entities: z =>
          z
            .array(z.string(), {
              description:
                'Entity refs the file must yield, exactly (e.g. component:default/my-service); anything more or less is refused',
            })
            .min(1),
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
        entities: promised,
        created = [],
        removeLocalRepoOnFailure,
      } = ctx.input;
      // Registering locations is for platform engineers only; a developer's
      // new service is registered by the scaffolder itself, and only once
      // the file is proven to hold exactly the promised entities.
      const credentials = await auth.getOwnServiceCredentials();
      let entityRef: string | undefined;
      try {
        const file = await urlReader.readUrl(catalogInfoUrl);
        const text = (await file.buffer()).toString('utf8');
        checkPromisedEntities(
          'The catalog file',
          parseCatalogFile('The catalog file', text),
          promised,
        );
        const preview = await catalog.addLocation(
          { type: 'url', target: catalogInfoUrl, dryRun: true },
          { credentials },
        );
        // Everything the catalog would ingest, nested locations included,
        // except the Location entity it generates for the URL itself
        const entities = preview.entities.filter(
          e => !isRootLocation(e, catalogInfoUrl, preview.location.entityRef),
        );
        checkPromisedEntities("The catalog's dry run", entities, promised);
        entityRef = stringifyEntityRef(parseEntityRef(promised[0]));
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
      // The catalog would pick the new location up on its next processing
      // round (minutes apart by default), and "Open in catalog" would say
      // "Entity not found" until then: process it now and finish only once
      // the entity can be opened.
      const found = await waitUntilInCatalog({
        catalog,
        credentials,
        locationRef: stringifyEntityRef(
          locationSpecToLocationEntity({
            location: { type: 'url', target: catalogInfoUrl },
          }),
        ),
        entityRef: entityRef!,
        timeoutMs: waitTimeoutMs,
      });
      if (!found) {
        ctx.logger.warn(
          `${entityRef} is registered but the catalog has not finished processing it after ${
            waitTimeoutMs / 1000
          } s; it will appear shortly`,
        );
      }
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', catalogInfoUrl);
    },
  });
}

/**
 * Asks the catalog to process a new location now, then waits (bounded) until
 * the entity it yields can be read. Returns whether it appeared in time.
 */
async function waitUntilInCatalog(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  locationRef: string;
  entityRef: string;
  timeoutMs: number;
}): Promise<boolean> {
  const { catalog, credentials, locationRef, entityRef, timeoutMs } = options;
  const deadline = Date.now() + timeoutMs;
  const refresh = async (ref: string) => {
    try {
      await catalog.refreshEntity(ref, { credentials });
    } catch {
      // a ref the catalog does not know yet answers 404; try again later
    }
  };
  let nextRefresh = 0;
  for (;;) {
    if (Date.now() >= nextRefresh) {
      // The location first; once the entity exists, the entity itself.
      await refresh(locationRef);
      await refresh(entityRef);
      nextRefresh = Date.now() + 2_000;
    }
    if (await catalog.getEntityByRef(entityRef, { credentials })) return true;
    if (Date.now() >= deadline) return false;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

function isRootLocation(e: Entity, url: string, ref?: string) {
  if (e.kind !== 'Location') return false;
  if (ref && stringifyEntityRef(e) === ref) return true;
  return e.spec?.type === 'url' && e.spec?.target === url;
}
