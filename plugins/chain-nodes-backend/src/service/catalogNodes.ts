import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_CHAIN,
  ANNOTATION_HETZNER_DATACENTER,
  ANNOTATION_HETZNER_LOCATION,
  ANNOTATION_HETZNER_SERVER_ID,
  ANNOTATION_HETZNER_SERVER_TYPE,
  ANNOTATION_RPC_ENDPOINT,
  CHAIN_NODE_RESOURCE_TYPE,
} from '@internal/plugin-chain-nodes-common';

/** A chain node as declared in the catalog. */
export interface InventoryNode {
  entityRef: string;
  name: string;
  namespace: string;
  title?: string;
  chain: string;
  rpcEndpoint?: string;
  /** Full entity ref of the owning group or user. */
  owner?: string;
  system?: string;
  annotatedServer: {
    serverId?: number;
    serverType?: string;
    location?: string;
    datacenter?: string;
  };
}

export function toInventoryNode(entity: Entity): InventoryNode {
  const a = entity.metadata.annotations ?? {};
  const spec = (entity.spec ?? {}) as { owner?: string; system?: string };
  const serverId = Number(a[ANNOTATION_HETZNER_SERVER_ID]);
  const { namespace, name } = getCompoundEntityRef(entity);
  return {
    entityRef: stringifyEntityRef(entity),
    name,
    namespace,
    title: entity.metadata.title,
    chain: a[ANNOTATION_CHAIN] ?? 'unknown',
    rpcEndpoint: a[ANNOTATION_RPC_ENDPOINT],
    owner: spec.owner
      ? stringifyEntityRef(
          parseEntityRef(spec.owner, {
            defaultKind: 'group',
            defaultNamespace: namespace,
          }),
        )
      : undefined,
    system: spec.system
      ? stringifyEntityRef(
          parseEntityRef(spec.system, {
            defaultKind: 'system',
            defaultNamespace: namespace,
          }),
        )
      : undefined,
    annotatedServer: {
      serverId:
        Number.isInteger(serverId) && serverId > 0 ? serverId : undefined,
      serverType: a[ANNOTATION_HETZNER_SERVER_TYPE],
      location: a[ANNOTATION_HETZNER_LOCATION],
      datacenter: a[ANNOTATION_HETZNER_DATACENTER],
    },
  };
}

/**
 * Reads the chain nodes from the catalog: Resources of type `chain-node`.
 * Read with the caller's credentials when given, so users only see the nodes
 * the catalog lets them see; the poller reads as the plugin itself.
 */
export async function readCatalogNodes(
  catalog: CatalogService,
  auth: AuthService,
  credentials?: BackstageCredentials,
): Promise<InventoryNode[]> {
  const { items } = await catalog.getEntities(
    { filter: { kind: 'Resource', 'spec.type': CHAIN_NODE_RESOURCE_TYPE } },
    { credentials: credentials ?? (await auth.getOwnServiceCredentials()) },
  );
  return items.map(toInventoryNode);
}
