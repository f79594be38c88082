import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  catalogProcessingExtensionPoint,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';

/** Resource types that only the portal's own config locations may define. */
export const TRUSTED_RESOURCE_TYPES = ['chain-node', 'kubernetes-cluster'];

/**
 * Refuses chain-node and kubernetes-cluster Resources that do not originate
 * in one of the `catalog.locations` of the app config. Chain nodes drive the
 * chain-nodes poller (RPC probes, notifications to owners); clusters tell
 * the Kubernetes and node-mix backends which API servers to call with the
 * backend's cloud credentials. `catalog.rules` can allow a `spec.type` per
 * location but cannot forbid one everywhere else.
 */
export class TrustedResourceTypesProcessor implements CatalogProcessor {
  static fromConfig(config: Config) {
    const origins = (
      config.getOptionalConfigArray('catalog.locations') ?? []
    ).map(l => {
      const type = l.getString('type');
      const target = l.getString('target');
      // The same resolution as the catalog's config location provider
      return `${type}:${type === 'file' ? path.resolve(target) : target}`;
    });
    return new TrustedResourceTypesProcessor(new Set(origins));
  }

  private constructor(private readonly trustedOrigins: Set<string>) {}

  getProcessorName() {
    return 'TrustedResourceTypesProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    _emit: CatalogProcessorEmit,
    originLocation: LocationSpec,
  ): Promise<Entity> {
    const type = entity.spec?.type;
    if (
      entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
      typeof type === 'string' &&
      TRUSTED_RESOURCE_TYPES.includes(type.toLocaleLowerCase('en-US')) &&
      !this.trustedOrigins.has(
        `${originLocation.type}:${originLocation.target}`,
      )
    ) {
      throw new Error(
        `Resource '${entity.metadata.name}' of type ${type} may only come from the portal's own catalog locations`,
      );
    }
    return entity;
  }
}

/** Adds {@link TrustedResourceTypesProcessor} to the catalog. */
export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'trusted-resource-types',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        catalog.addProcessor(TrustedResourceTypesProcessor.fromConfig(config));
      },
    });
  },
});
