import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';

/** What the catalog says about a proposed name. */
export type NameCheck =
  | { state: 'free'; message: string }
  | { state: 'taken'; message: string }
  | { state: 'invalid' }
  | { state: 'unknown'; message: string };

// The backend's rule (casino:catalog:check-name): a DNS-1123 label
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether a name is worth looking up: the templates' names are DNS-1123 labels. */
export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && DNS_1123_LABEL.test(name);
}

/**
 * Asks the catalog whether an entity of `kind` already has `name`. The
 * scaffolder's `casino:catalog:check-name` step refuses a taken name again,
 * so this only saves the developer a failed task: a catalog that does not
 * answer is reported, not treated as "taken".
 */
export async function checkName(
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
  name: string,
  kind: string,
  entityName: string = name,
): Promise<NameCheck> {
  if (!isDns1123Label(name)) return { state: 'invalid' };
  const ref = stringifyEntityRef({
    kind,
    namespace: 'default',
    name: entityName,
  });
  let existing;
  try {
    existing = await catalogApi.getEntityByRef(ref);
  } catch (e) {
    return {
      state: 'unknown',
      message: `Could not ask the catalog whether '${name}' is free; the task checks it again before creating anything.`,
    };
  }
  if (!existing) {
    return {
      state: 'free',
      message: `'${name}' is free: no ${kind} ${
        entityName === name ? 'of that name' : entityName
      } in the catalog.`,
    };
  }
  const owner = (existing.spec as { owner?: string } | undefined)?.owner;
  const title = existing.metadata.title ?? existing.metadata.name;
  return {
    state: 'taken',
    message: `'${name}' is already taken by the ${kind.toLocaleLowerCase(
      'en-US',
    )} ${title}${
      owner ? ` (owned by ${shortRef(owner)})` : ''
    }. Choose another name.`,
  };
}

/** `group:default/direct` -> `direct`: people read names, not refs. */
export function shortRef(ref: string): string {
  return ref.replace(/^[a-z]+:/i, '').replace(/^default\//, '');
}
