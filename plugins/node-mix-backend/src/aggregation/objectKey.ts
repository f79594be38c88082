import { KubeObject } from '@internal/plugin-node-mix-common';

/** `namespace/name` of an object, the key the caches use. */
export function objectKey(o: KubeObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}
