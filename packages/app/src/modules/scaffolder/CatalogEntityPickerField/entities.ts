import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';

/** `ui:options` of the CatalogEntityPicker field. */
export interface CatalogEntityPickerOptions {
  /** Kind of the entities offered, and of a short reference (default Component). */
  defaultKind?: string;
  /** Catalog filter(s) as in Backstage's EntityPicker, e.g. `{ kind: Group, metadata.name: [...] }`. */
  catalogFilter?:
    | Record<string, string | string[]>
    | Array<Record<string, string | string[]>>;
}

/** The fields a picker needs: its reference and what people read. */
export const PICKER_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

/** What people read: the group's display name, the title, else the name. */
export function entityLabel(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  if (typeof profile?.displayName === 'string') return profile.displayName;
  return entity.metadata.title ?? entity.metadata.name;
}

/**
 * The full reference of a form value (`direct`, `group:direct` and
 * `group:default/direct` are the same team), or undefined if it is none.
 */
export function toEntityRef(
  value: string,
  defaultKind: string,
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/** `group:default/direct` -> `direct`: people read names, not refs. */
export function shortRef(ref: string): string {
  return ref.replace(/^[a-z]+:/i, '').replace(/^default\//, '');
}

/**
 * Whether a form value names an entity of `kind` in the catalog: `missing`
 * when it does not (or is no reference), `unknown` when the catalog did not
 * answer (the task checks it again).
 */
export async function lookUpEntity(
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
  value: string,
  kind: string,
): Promise<
  { state: 'found'; entity: Entity } | { state: 'missing' | 'unknown' }
> {
  const ref = toEntityRef(value, kind);
  if (!ref || !ref.startsWith(`${kind.toLocaleLowerCase('en-US')}:`)) {
    return { state: 'missing' };
  }
  try {
    const entity = await catalogApi.getEntityByRef(ref);
    return entity ? { state: 'found', entity } : { state: 'missing' };
  } catch {
    return { state: 'unknown' };
  }
}

/** The refusal a value that is not in the catalog gets, in words. */
export function notInCatalogMessage(value: string, kind: string): string {
  return `'${shortRef(
    value,
  )}' is not in the catalog: pick a ${kind.toLocaleLowerCase(
    'en-US',
  )} from the list.`;
}
