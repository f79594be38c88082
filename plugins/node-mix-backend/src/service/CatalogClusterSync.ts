import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { CatalogClusterOptions, clusterFromEntity } from './catalogClusters';

/** Where catalog clusters go: {@link NodeMixPoller.setCatalogClusters}. */
export interface CatalogClusterTarget {
  setCatalogClusters(clusters: ClusterDetails[]): { shadowed: string[] };
}

/**
 * Reads `kubernetes-cluster` Resources from the catalog and hands the ones
 * that pass {@link clusterFromEntity} to the poller. Runs on every replica
 * (each serves reads for every cluster). What it refused is kept for the
 * fleet page, so a Resource that is ignored says why.
 */
export class CatalogClusterSync {
  private lastProblems: string[] = [];

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      settings: CatalogClusterOptions;
      target: CatalogClusterTarget;
    },
  ) {}

  /** Why catalog clusters were ignored at the last sync. */
  problems(): string[] {
    return this.lastProblems;
  }

  async sync(): Promise<void> {
    const { catalog, auth, logger, settings, target } = this.options;
    let entities;
    try {
      ({ items: entities } = await catalog.getEntities(
        {
          filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' },
          fields: ['kind', 'metadata', 'spec.type'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      ));
    } catch (e) {
      // Keep the clusters we know: a catalog hiccup must not empty the fleet.
      const message = `Could not read kubernetes-cluster Resources from the catalog: ${e}`;
      logger.warn(message);
      this.lastProblems = [message];
      return;
    }
    const clusters: ClusterDetails[] = [];
    const problems: string[] = [];
    for (const entity of entities) {
      const result = clusterFromEntity(entity, settings);
      if ('cluster' in result) {
        clusters.push(result.cluster);
      } else if (
        // A Resource without the annotation is documentation, not a cluster to read.
        entity.metadata.annotations?.['kubernetes.io/api-server']
      ) {
        problems.push(result.problem);
      }
    }
    const { shadowed } = target.setCatalogClusters(clusters);
    for (const name of shadowed) {
      problems.push(
        `Catalog cluster '${name}' is also in the kubernetes config; the config's entry is used`,
      );
    }
    for (const p of problems) {
      if (!this.lastProblems.includes(p)) {
        logger.warn(p);
      }
    }
    this.lastProblems = problems;
  }
}
