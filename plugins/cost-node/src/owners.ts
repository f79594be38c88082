import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * Owner of an entity as a group ref (owners default to kind Group).
 * @public
 */
export function ownerRef(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * A team as written in config or a tag, as a group ref:
 * `direct` or `group:default/direct` -> `group:default/direct`.
 * @public
 */
export function teamRef(team: string): string {
  const t = team.toLocaleLowerCase('en-US');
  if (t.startsWith('group:')) return t;
  return t.includes('/') ? `group:${t}` : `group:default/${t}`;
}
