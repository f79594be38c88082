import { Entity } from '@backstage/catalog-model';
import { filterPredicateToFilterFunction } from '@backstage/filter-predicates';
import { costCardFilter } from './entityFilters';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('where the cost card appears', () => {
  it('shows on Groups and Components, not elsewhere', () => {
    const hasCost = filterPredicateToFilterFunction(costCardFilter);
    expect(hasCost(entity('Group'))).toBe(true);
    expect(hasCost(entity('Component'))).toBe(true);
    expect(hasCost(entity('Resource'))).toBe(false);
    expect(hasCost(entity('System'))).toBe(false);
  });
});
