import type { FilterPredicate } from '@backstage/filter-predicates';

/**
 * Where the cost card appears (Groups and Components), as an entity
 * predicate: an app can replace it under `app.extensions` (the extension's
 * `config.filter`) without a code change.
 */
export const costCardFilter: FilterPredicate = {
  kind: { $in: ['group', 'component'] },
};
