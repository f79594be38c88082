import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** Owner of an entity as a group ref (owners default to kind Group). */
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

/** The catalog's view of who owns what, for attributing cost. */
export class CatalogOwners {
  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService },
  ) {}

  private async credentials() {
    return { credentials: await this.options.auth.getOwnServiceCredentials() };
  }

  /** `backstage.io/kubernetes-id` (or the component name) -> owning group ref. */
  async serviceOwners(): Promise<Map<string, string>> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'Component' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.owner',
        ],
      },
      await this.credentials(),
    );
    const owners = new Map<string, string>();
    for (const e of items) {
      const owner = ownerRef(e);
      if (!owner) continue;
      owners.set(
        e.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ?? e.metadata.name,
        owner,
      );
    }
    return owners;
  }

  /** Catalog Resources of type chain-node. */
  async chainNodes(): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Resource', 'spec.type': 'chain-node' } },
      await this.credentials(),
    );
    return items;
  }

  /**
   * One entity as the caller sees it: an entity the caller may not read is
   * undefined, so it is reported as not found rather than forbidden.
   */
  async entity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    return this.options.catalog.getEntityByRef(ref, { credentials });
  }
}
