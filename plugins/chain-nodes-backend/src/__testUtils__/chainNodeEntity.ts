import { Entity } from '@backstage/catalog-model';

/**
 * A catalog Resource of `spec.type: chain-node`, as the tests declare one;
 * each test names the annotations it is about.
 */
export function chainNodeEntity(
  name: string,
  annotations: Record<string, string>,
  spec: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, annotations },
    spec: { type: 'chain-node', owner: 'chains', ...spec },
  };
}
