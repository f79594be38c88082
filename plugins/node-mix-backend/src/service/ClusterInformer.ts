import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeObject } from '@internal/plugin-node-mix-common';
import { podRecord, PodRecord } from '../aggregation/podRecord';
import { objectKey } from '../aggregation';
import {
  KubernetesClient,
  ClusterReadError,
  resourceVersionOf,
  WatchEvent,
} from '../clients/KubernetesClient';
import { slimNode, slimNodeClaim, slimWhole } from './slim';

/** Pods that are done hold no capacity; the API server filters them out. */
export const POD_FIELD_SELECTOR =
  'status.phase!=Succeeded,status.phase!=Failed';

/** What the informer follows per kind. */
export interface InformerKind {
  id: 'nodes' | 'nodePools' | 'nodeClaims' | 'nodeClasses' | 'pdbs' | 'pods';
  path: string;
  /** Set for kinds a cluster may lack (403/404 becomes a warning). */
  optional?: string;
  query?: Record<string, string>;
  /** The fields kept in the cache (a flat record for pods). */
  slim: (o: KubeObject) => KubeObject | PodRecord;
}

/** What the cache holds: the fields kept of each kind. */
export type InformerObjects = Record<
  Exclude<InformerKind['id'], 'pods'>,
  KubeObject[]
> & { pods: PodRecord[]; problems: string[] };

/**
 * One change of the cache: an object added, changed or deleted (with what
 * the cache held before and holds now), or a kind listed again after its
 * watch expired (everything of that kind may have changed).
 */
export type InformerChange =
  | {
      kind: InformerKind['id'];
      type: 'ADDED' | 'MODIFIED' | 'DELETED';
      key: string;
      previous?: any;
      next?: any;
    }
  | { kind: InformerKind['id']; type: 'RELISTED' };

/**
 * The kinds the node mix is computed from. A new kind joins the watch with
 * one row here (and is read from {@link ClusterInformer.objects}).
 */
export const INFORMER_KINDS: readonly InformerKind[] = [
  { id: 'nodes', path: '/api/v1/nodes', slim: slimNode },
  {
    id: 'nodePools',
    path: '/apis/karpenter.sh/v1/nodepools',
    optional: 'NodePools',
    slim: slimWhole,
  },
  {
    id: 'nodeClaims',
    path: '/apis/karpenter.sh/v1/nodeclaims',
    optional: 'NodeClaims',
    slim: slimNodeClaim,
  },
  {
    id: 'nodeClasses',
    path: '/apis/karpenter.k8s.aws/v1/ec2nodeclasses',
    optional: 'EC2NodeClasses',
    slim: slimWhole,
  },
  {
    id: 'pdbs',
    path: '/apis/policy/v1/poddisruptionbudgets',
    optional: 'PodDisruptionBudgets',
    slim: slimWhole,
  },
  {
    id: 'pods',
    path: '/api/v1/pods',
    query: { fieldSelector: POD_FIELD_SELECTOR },
    slim: podRecord,
  },
];

interface KindState {
  kind: InformerKind;
  cache: Map<string, any>;
  resourceVersion: string;
  /** Why an optional kind is not read (403/404), shown as a warning. */
  problem?: string;
}

/** Counters for the benchmark and the logs. */
export interface InformerStats {
  events: number;
  bookmarks: number;
  relists: number;
  reconnects: number;
}

/** Options of {@link ClusterInformer}. */
export interface ClusterInformerOptions {
  cluster: string;
  reader: KubernetesClient;
  logger: LoggerService;
  /** Called after every change to the cache (debounce in the caller). */
  onChange: (change: InformerChange) => void;
  /** Asked of the API server per watch request; it then ends the watch and we resume. */
  watchTimeoutSeconds?: number;
  /** First and longest wait before reconnecting a broken watch. */
  backoffMs?: { initial: number; max: number };
  kinds?: readonly InformerKind[];
}

const keyOf = objectKey;

/**
 * Follows one cluster the way client-go's reflector does: one paged list
 * per kind, then a watch from the list's resourceVersion with bookmarks;
 * resumes from the last version seen when a watch ends or breaks
 * (reconnecting with exponential backoff), and lists that kind again when
 * the version has expired (410 Gone). Keeps only the fields the aggregation
 * needs ({@link InformerKind.slim}).
 */
export class ClusterInformer {
  private readonly states: KindState[];
  private readonly controller = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private stopped = false;
  readonly stats: InformerStats = {
    events: 0,
    bookmarks: 0,
    relists: 0,
    reconnects: 0,
  };

  constructor(private readonly options: ClusterInformerOptions) {
    this.states = (options.kinds ?? INFORMER_KINDS).map(kind => ({
      kind,
      cache: new Map(),
      resourceVersion: '',
    }));
  }

  /** Lists every kind (in parallel), then starts following each with a watch. */
  async start(): Promise<void> {
    await Promise.all(this.states.map(s => this.list(s)));
    for (const s of this.states) {
      if (!s.problem) {
        this.loops.push(this.follow(s));
      }
    }
  }

  /** Ends every watch; resolves when they have stopped. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    await Promise.all(this.loops);
  }

  /** The cached objects of every kind (slim), and the warnings for kinds not read. */
  objects(): InformerObjects {
    const out: Record<string, unknown[]> = {};
    for (const s of this.states) {
      out[s.kind.id] = [...s.cache.values()];
    }
    return {
      ...(out as Omit<InformerObjects, 'problems'>),
      problems: this.problems(),
    };
  }

  /** Why optional kinds are not read (403/404), as warnings. */
  problems(): string[] {
    return this.states.flatMap(s => (s.problem ? [s.problem] : []));
  }

  /** The cached pods, without copying them. */
  podRecords(): Iterable<PodRecord> {
    return this.states.find(s => s.kind.id === 'pods')?.cache.values() ?? [];
  }

  private async list(state: KindState, attempt = 1): Promise<void> {
    const { kind } = state;
    const cache = new Map<string, KubeObject | PodRecord>();
    try {
      const { resourceVersion } = await this.options.reader.listVersioned(
        kind.path,
        items => {
          for (const o of items) cache.set(keyOf(o), kind.slim(o));
        },
        kind.query,
      );
      state.cache = cache;
      state.resourceVersion = resourceVersion;
      state.problem = undefined;
    } catch (e) {
      if (
        kind.optional &&
        e instanceof ClusterReadError &&
        (e.status === 403 || e.status === 404)
      ) {
        state.problem =
          e.status === 404
            ? `${kind.optional} not found (${kind.path}): is Karpenter v1 installed?`
            : e.message;
        state.cache = new Map();
        return;
      }
      if (e instanceof ClusterReadError && e.status === 410 && attempt === 1) {
        // the list's snapshot expired while it was paged: start over once
        await this.list(state, attempt + 1);
        return;
      }
      throw e;
    }
  }

  private apply(state: KindState, event: WatchEvent) {
    const rv = resourceVersionOf(event.object) as string;
    if (event.type === 'BOOKMARK') {
      this.stats.bookmarks++;
      state.resourceVersion = rv;
      return;
    }
    if (event.type === 'ERROR') {
      // the reader turns ERROR events into errors before they get here
      return;
    }
    this.stats.events++;
    const key = keyOf(event.object);
    const previous = state.cache.get(key);
    let next: unknown;
    if (event.type === 'DELETED') {
      state.cache.delete(key);
    } else {
      next = state.kind.slim(event.object);
      state.cache.set(key, next);
    }
    state.resourceVersion = rv;
    this.options.onChange({
      kind: state.kind.id,
      type: event.type,
      key,
      previous,
      next,
    });
  }

  /** Waits, or less if the informer is stopped meanwhile. */
  private sleep(ms: number): Promise<void> {
    const signal = this.controller.signal;
    return new Promise<void>(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  private async follow(state: KindState): Promise<void> {
    const { reader, logger, cluster } = this.options;
    const backoff = this.options.backoffMs ?? { initial: 1000, max: 30_000 };
    let failures = 0;
    let relist = false;
    while (!this.stopped) {
      try {
        if (relist) {
          this.stats.relists++;
          await this.list(state);
          relist = false;
          this.options.onChange({ kind: state.kind.id, type: 'RELISTED' });
          if (this.stopped) return;
        }
        await reader.watch(state.kind.path, {
          resourceVersion: state.resourceVersion,
          query: state.kind.query,
          timeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
          signal: this.controller.signal,
          onEvent: e => this.apply(state, e),
        });
        failures = 0;
      } catch (e) {
        if (this.stopped) return;
        if (e instanceof ClusterReadError && e.status === 410) {
          // the version expired: list again, as client-go's reflector does
          logger.info(
            `Watch of ${state.kind.path} on cluster '${cluster}' expired (410); listing again`,
          );
          relist = true;
          failures = 0;
          continue;
        }
        failures++;
        this.stats.reconnects++;
        const wait = Math.min(
          backoff.max,
          backoff.initial * 2 ** (failures - 1),
        );
        logger.warn(
          `Watch of ${state.kind.path} on cluster '${cluster}' failed (${
            (e as Error).message
          }); retrying in ${Math.round(wait / 1000)} s`,
        );
        await this.sleep(wait * (0.8 + Math.random() * 0.4));
      }
    }
  }
}
