import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  ANNOTATION_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const TECHDOCS_REF = 'backstage.io/techdocs-ref';
/** The task the search backend schedules for the TechDocs collator. */
const SEARCH_INDEX_TASK = 'search_index_techdocs';

/** What one prebuild run did. @internal */
export type PrebuildResult = {
  built: string[];
  unchanged: string[];
  failed: { entityRef: string; message: string }[];
  searchIndexTriggered: boolean;
};

/**
 * Builds the TechDocs sites of entities whose docs are local folders through
 * the TechDocs backend's own sync endpoint (the same path a reader takes), then
 * asks the search backend to re-run the TechDocs collator, which only indexes
 * sites that have been built.
 *
 * @internal
 */
export class LocalSitesPrebuilder {
  private firstRun = true;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
      /** Waits between attempts (catalog not read yet, search index busy). */
      retryDelayMs?: number;
      /** How many waits the first run allows for the catalog to fill. */
      catalogWaits?: number;
      /** How many times one site's build is tried in a run. */
      syncAttempts?: number;
    },
  ) {}

  async run(): Promise<PrebuildResult> {
    const { logger } = this.deps;
    let entities = await this.localDocsEntities();
    // On a fresh database the catalog has not read its locations yet when
    // the first run starts; wait for it rather than for the next run.
    for (
      let wait = 0;
      this.firstRun &&
      entities.length === 0 &&
      wait < (this.deps.catalogWaits ?? 36);
      wait++
    ) {
      await new Promise(r => setTimeout(r, this.deps.retryDelayMs ?? 5000));
      entities = await this.localDocsEntities();
    }
    const result: PrebuildResult = {
      built: [],
      unchanged: [],
      failed: [],
      searchIndexTriggered: false,
    };

    // One at a time: each build runs mkdocs, and the machine is shared.
    for (const entity of entities) {
      const entityRef = stringifyEntityRef(entity);
      // A site can fail for a passing reason (the backend is busy on a first
      // start and a request is reset); try again a few times before leaving
      // it to the next run, ten minutes later.
      const attempts = this.deps.syncAttempts ?? 3;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          const updated = await this.sync(entity);
          (updated ? result.built : result.unchanged).push(entityRef);
          break;
        } catch (error) {
          const message =
            error instanceof Error ? error.message : String(error);
          if (attempt < attempts) {
            logger.info(
              `TechDocs prebuild of ${entityRef} failed (${message}); trying again`,
            );
            await new Promise(r =>
              setTimeout(r, this.deps.retryDelayMs ?? 5000),
            );
            continue;
          }
          result.failed.push({ entityRef, message });
          logger.warn(`TechDocs prebuild of ${entityRef} failed: ${message}`);
        }
      }
    }

    if (entities.length > 0 && (this.firstRun || result.built.length > 0)) {
      result.searchIndexTriggered = await this.triggerSearchIndex();
      this.firstRun = false;
    }
    const searchNote = result.searchIndexTriggered
      ? '; search index refresh requested'
      : '';
    logger.info(
      `TechDocs prebuild: ${result.built.length} built, ${result.unchanged.length} unchanged, ${result.failed.length} failed${searchNote}`,
    );
    return result;
  }

  /** Entities with `dir:` docs that were read from a local `file:` location. */
  private async localDocsEntities(): Promise<Entity[]> {
    const { catalog, auth } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    let cursor: string | undefined;
    do {
      const response = await catalog.queryEntities(
        cursor
          ? { cursor, limit: 500 }
          : {
              filter: {
                [`metadata.annotations.${TECHDOCS_REF}`]: CATALOG_FILTER_EXISTS,
              },
              limit: 500,
            },
        { credentials },
      );
      entities.push(...response.items);
      cursor = response.pageInfo.nextCursor;
    } while (cursor);

    return entities.filter(entity => {
      const annotations = entity.metadata.annotations ?? {};
      return (
        annotations[TECHDOCS_REF]?.startsWith('dir:') &&
        annotations[ANNOTATION_LOCATION]?.startsWith('file:')
      );
    });
  }

  /** Calls `GET /sync/...` and reads its event stream to the end. */
  private async sync(entity: Entity): Promise<boolean> {
    const { auth, discovery } = this.deps;
    const baseUrl = await discovery.getBaseUrl('techdocs');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'techdocs',
    });
    const namespace = entity.metadata.namespace ?? 'default';
    const url = `${baseUrl}/sync/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(entity.kind)}/${encodeURIComponent(
      entity.metadata.name,
    )}`;
    const response = await fetch(url, {
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'text/event-stream',
      },
    });
    if (!response.ok) {
      throw new Error(
        `sync answered ${response.status} ${response.statusText}`,
      );
    }
    return parseSyncEvents(await response.text());
  }

  /**
   * Asks the search backend's scheduler to run the TechDocs collator now
   * (`POST /.backstage/scheduler/v1/tasks/:id/trigger`, served by every
   * plugin). A run already in progress answers 409; we wait and retry, since
   * that run may have started before the sites were built.
   */
  private async triggerSearchIndex(): Promise<boolean> {
    const { auth, discovery, logger } = this.deps;
    const baseUrl = await discovery.getBaseUrl('search');
    for (let attempt = 1; attempt <= 10; attempt++) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'search',
      });
      const response = await fetch(
        `${baseUrl}/.backstage/scheduler/v1/tasks/${SEARCH_INDEX_TASK}/trigger`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}` } },
      );
      if (response.ok) {
        return true;
      }
      if (response.status !== 409) {
        logger.warn(
          `Could not refresh the TechDocs search index: ${response.status} ${response.statusText}`,
        );
        return false;
      }
      await new Promise(r => setTimeout(r, this.deps.retryDelayMs ?? 5000));
    }
    logger.warn('Could not refresh the TechDocs search index: it stayed busy');
    return false;
  }
}

/**
 * Reads the TechDocs sync event stream (`event: log|finish|error`, JSON
 * `data:`) and returns whether the site was updated; throws on `error`.
 *
 * @internal
 */
export function parseSyncEvents(body: string): boolean {
  for (const block of body.split(/\n\n/)) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event === 'error') {
      throw new Error(data ? JSON.parse(data) : 'build failed');
    }
    if (event === 'finish') {
      return Boolean(data && JSON.parse(data).updated);
    }
  }
  throw new Error('the sync stream ended without a result');
}
