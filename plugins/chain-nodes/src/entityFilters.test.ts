import { Entity } from '@backstage/catalog-model';
import { filterPredicateToFilterFunction } from '@backstage/filter-predicates';
import { blockchainSystemFilter, chainNodeFilter } from './entityFilters';

const entity = (kind: string, extra: Partial<Entity> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', ...extra.metadata },
  spec: extra.spec,
});

describe('where the chain-node tab and cards appear', () => {
  const isChainNode = filterPredicateToFilterFunction(chainNodeFilter);
  const isBlockchain = filterPredicateToFilterFunction(blockchainSystemFilter);

  it('shows node health on chain-node Resources only', () => {
    expect(
      isChainNode(entity('Resource', { spec: { type: 'chain-node' } })),
    ).toBe(true);
    expect(
      isChainNode(entity('Resource', { spec: { type: 'database' } })),
    ).toBe(false);
    expect(
      isChainNode(entity('Component', { spec: { type: 'chain-node' } })),
    ).toBe(false);
  });

  it('shows the chain summary on the blockchain system or a system tagged blockchain', () => {
    const named = entity('System', { metadata: { name: 'casino-blockchain' } });
    const tagged = entity('System', {
      metadata: { name: 'l2', tags: ['blockchain'] },
    });
    expect(isBlockchain(named)).toBe(true);
    expect(isBlockchain(tagged)).toBe(true);
    expect(
      isBlockchain(
        entity('System', { metadata: { name: 'payments', tags: ['pci'] } }),
      ),
    ).toBe(false);
    expect(
      isBlockchain(
        entity('Component', { metadata: { name: 'casino-blockchain' } }),
      ),
    ).toBe(false);
  });
});
