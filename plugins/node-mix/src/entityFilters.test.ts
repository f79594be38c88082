import { Entity } from '@backstage/catalog-model';
import { filterPredicateToFilterFunction } from '@backstage/filter-predicates';
import { kubernetesClusterFilter, kubernetesIdFilter } from './entityFilters';

const entity = (kind: string, extra: Partial<Entity> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', ...extra.metadata },
  spec: extra.spec,
});

describe('where the node-mix tab and card appear', () => {
  it('shows the Node mix tab on kubernetes-cluster Resources only', () => {
    const isCluster = filterPredicateToFilterFunction(kubernetesClusterFilter);
    expect(
      isCluster(entity('Resource', { spec: { type: 'kubernetes-cluster' } })),
    ).toBe(true);
    expect(
      isCluster(entity('Resource', { spec: { type: 'chain-node' } })),
    ).toBe(false);
    expect(
      isCluster(entity('System', { spec: { type: 'kubernetes-cluster' } })),
    ).toBe(false);
  });

  it('shows pod placement wherever a kubernetes-id annotation is set', () => {
    const hasId = filterPredicateToFilterFunction(kubernetesIdFilter);
    const annotated = entity('Component', {
      metadata: {
        name: 'dice',
        annotations: { 'backstage.io/kubernetes-id': 'dice' },
      },
    });
    const other = entity('Component', {
      metadata: {
        name: 'docs',
        annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
      },
    });
    expect(hasId(annotated)).toBe(true);
    expect(hasId(other)).toBe(false);
    expect(hasId(entity('Component'))).toBe(false);
  });
});
