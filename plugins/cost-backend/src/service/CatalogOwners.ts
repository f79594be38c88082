import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ownerRef } from '@internal/plugin-cost-node';

export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** A Component's namespace (Backstage's Kubernetes plugin annotation). */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
/** Comma-separated namespaces a Group owns: their pods' cost is the group's. */
export const TEAM_NAMESPACES_ANNOTATION = 'casino.io/kubernetes-namespaces';

// The owner rule lives in cost-node, shared with the Hetzner module.
export { ownerRef };

/** The catalog's view of who owns what, for attributing cost. */
export class CatalogOwners {
  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService },
  ) {}

  private async credentials() {
    return { credentials: await this.options.auth.getOwnServiceCredentials() };
  }

  /**
   * `backstage.io/kubernetes-id` (or the component name) -> owning group
   * ref, and `namespace/<ns>` -> the group owning a namespace: a Group's
   * `casino.io/kubernetes-namespaces`, else the owner of a Component with
   * `backstage.io/kubernetes-namespace`.
   */
  async serviceOwners(): Promise<Map<string, string>> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: [{ kind: 'Component' }, { kind: 'Group' }],
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
    const groupNamespaces = new Map<string, string>();
    for (const e of items) {
      const annotations = e.metadata.annotations ?? {};
      if (e.kind.toLocaleLowerCase('en-US') === 'group') {
        for (const ns of (annotations[TEAM_NAMESPACES_ANNOTATION] ?? '').split(
          ',',
        )) {
          if (ns.trim())
            groupNamespaces.set(
              `namespace/${ns.trim()}`,
              stringifyEntityRef(e),
            );
        }
        continue;
      }
      const owner = ownerRef(e);
      if (!owner) continue;
      owners.set(
        annotations[KUBERNETES_ID_ANNOTATION] ?? e.metadata.name,
        owner,
      );
      const ns = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
      if (ns && !owners.has(`namespace/${ns}`))
        owners.set(`namespace/${ns}`, owner);
    }
    // A group's own claim wins over a component's namespace annotation.
    for (const [k, v] of groupNamespaces) owners.set(k, v);
    return owners;
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
