import { createHash } from 'node:crypto';
import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ChainNodeDetails,
  ChainNodeFleet,
  ChainNodeHistory,
  ChainNodeHistoryWindow,
  ChainNodeServer,
  ChainNodeStatus,
  ChainNodeUptimeWindow,
  compareStateWorstFirst,
} from '@internal/plugin-chain-nodes-common';
import {
  ChainNodesStore,
  NodeStatusRecord,
  UptimeRecord,
} from '../database/ChainNodesStore';
import { HetznerSnapshot, reconcile, serverFor } from './reconcile';
import { InventoryNode, readCatalogNodes } from './catalogNodes';
import { CatalogVisibility } from './CatalogVisibility';
import { DAY, HETZNER_SNAPSHOT_KEY, HOUR, LastResult } from './lastResult';

/** What one probe cycle left: read once, shared by every caller. */
interface World {
  nodes: InventoryNode[];
  snapshot: HetznerSnapshot | undefined;
  statuses: Map<string, NodeStatusRecord>;
  /** The fleet as a caller who may see every node gets it. */
  fleet: SerializedFleet;
}

interface SerializedFleet {
  value: ChainNodeFleet;
  json: string;
  etag: string;
}

function serialize(value: ChainNodeFleet): SerializedFleet {
  const json = JSON.stringify(value);
  const hash = createHash('sha1').update(json).digest('base64url');
  return { value, json, etag: `"${hash}"` };
}

/**
 * The reader: answers the read API from what the poller stored, for the
 * nodes the caller may see in the catalog. Never probes and never writes.
 */
export class ChainNodesReader {
  readonly #now: () => number;
  readonly #cacheTtlMs: number;
  readonly #visibility: CatalogVisibility;
  #world?: { at: number; world: Promise<World> };

  constructor(
    private readonly deps: {
      store: ChainNodesStore;
      catalog: CatalogService;
      auth: AuthService;
      /** Whether a Hetzner token is configured (reconciliation is then checked). */
      hetznerConfigured: boolean;
      /**
       * At most how long the fleet is reused when no probe cycle in this
       * process invalidates it (another replica probes): the probe interval.
       */
      cacheTtlMs?: number;
      now?: () => number;
    },
  ) {
    this.#now = deps.now ?? Date.now;
    this.#cacheTtlMs = deps.cacheTtlMs ?? 15_000;
    this.#visibility = new CatalogVisibility({
      catalog: deps.catalog,
      now: this.#now,
    });
  }

  /**
   * The nodes the caller may see. The inventory, the statuses and the fleet
   * as a whole are read once per probe cycle (see {@link invalidate}); the
   * caller's view is the catalog's own answer for their token.
   */
  async getFleet(credentials: BackstageCredentials): Promise<ChainNodeFleet> {
    const { fleet, all } = await this.#fleetFor(credentials);
    return all ? (JSON.parse(fleet.json) as ChainNodeFleet) : fleet.value;
  }

  /**
   * The caller's fleet as a JSON body and its ETag: serialized once per probe
   * cycle for everyone who may see every node, per request otherwise.
   */
  async getFleetBody(
    credentials: BackstageCredentials,
  ): Promise<{ json: string; etag: string }> {
    const { fleet } = await this.#fleetFor(credentials);
    return { json: fleet.json, etag: fleet.etag };
  }

  /** Drops the fleet read so far: the poller calls it after each probe cycle. */
  invalidate(): void {
    this.#world = undefined;
  }

  async #fleetFor(credentials: BackstageCredentials) {
    const world = await this.#getWorld();
    const visible = await this.#visibility.visibleRefs(
      world.nodes.map(n => n.entityRef),
      credentials,
    );
    if (world.nodes.every(n => visible.has(n.entityRef))) {
      return { fleet: world.fleet, all: true };
    }
    const value = this.#buildFleet(
      world.nodes.filter(n => visible.has(n.entityRef)),
      world,
    );
    return { fleet: serialize(value), all: false };
  }

  #getWorld(): Promise<World> {
    const now = this.#now();
    if (!this.#world || now - this.#world.at >= this.#cacheTtlMs) {
      const entry = { at: now, world: this.#readWorld() };
      this.#world = entry;
      entry.world.catch(() => {
        if (this.#world === entry) this.#world = undefined;
      });
    }
    return this.#world.world;
  }

  async #readWorld(): Promise<World> {
    const nodes = await readCatalogNodes(this.deps.catalog, this.deps.auth);
    const snapshot = await this.deps.store.getMeta<HetznerSnapshot>(
      HETZNER_SNAPSHOT_KEY,
    );
    const statuses = new Map(
      (await this.deps.store.getStatuses(nodes.map(n => n.entityRef))).map(
        s => [s.nodeRef, s],
      ),
    );
    const world = { nodes, snapshot, statuses };
    return { ...world, fleet: serialize(this.#buildFleet(nodes, world)) };
  }

  #buildFleet(
    nodes: InventoryNode[],
    world: Pick<World, 'snapshot' | 'statuses'>,
  ): ChainNodeFleet {
    const { snapshot, statuses } = world;
    const list = nodes.map(n =>
      this.#toStatus(n, statuses.get(n.entityRef), snapshot),
    );
    list.sort(
      (a, b) =>
        compareStateWorstFirst(a.state, b.state) ||
        a.chain.localeCompare(b.chain) ||
        (a.server.location ?? '').localeCompare(b.server.location ?? '') ||
        a.name.localeCompare(b.name),
    );
    const chainHeads: Record<string, number> = {};
    for (const s of list) {
      if (s.chainHead !== undefined) {
        chainHeads[s.chain] = Math.max(chainHeads[s.chain] ?? 0, s.chainHead);
      }
    }
    return {
      nodes: list,
      chainHeads,
      reconciliation: reconcile(nodes, snapshot, this.deps.hetznerConfigured),
      generatedAt: new Date(this.#now()).toISOString(),
    };
  }

  async getNodeDetails(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ChainNodeDetails> {
    const node = await this.#findNode(entityRef, credentials);
    const { store } = this.deps;
    const [status] = await store.getStatuses([node.entityRef]);
    const snapshot = await store.getMeta<HetznerSnapshot>(HETZNER_SNAPSHOT_KEY);
    const now = this.#now();
    const [day, week, month] = await Promise.all([
      store.getUptime(node.entityRef, now - DAY),
      store.getUptime(node.entityRef, now - 7 * DAY),
      store.getUptime(node.entityRef, now - 30 * DAY),
    ]);
    const events = await store.getEvents(node.entityRef, { limit: 50 });
    const toWindow = (
      record: UptimeRecord | null,
    ): ChainNodeUptimeWindow | null =>
      record && {
        up: record.up / record.samples,
        healthy: record.healthy / record.samples,
        observedFrom: new Date(record.firstAt).toISOString(),
        observedSeconds: Math.max(0, Math.round((now - record.firstAt) / 1000)),
      };
    return {
      node: this.#toStatus(node, status, snapshot),
      uptime: {
        '24h': toWindow(day),
        '7d': toWindow(week),
        '30d': toWindow(month),
      },
      events: events.map(e => ({
        at: new Date(e.at).toISOString(),
        fromState: e.fromState,
        toState: e.toState,
        reasons: e.reasons,
      })),
    };
  }

  async getHistory(
    entityRef: string,
    window: ChainNodeHistoryWindow,
    credentials: BackstageCredentials,
  ): Promise<ChainNodeHistory> {
    const node = await this.#findNode(entityRef, credentials);
    const now = this.#now();
    const { store } = this.deps;
    // Short windows from raw probes (thinned), long ones from hourly roll-ups.
    let buckets;
    if (window === '1h') {
      buckets = await store.getRawHistory(node.entityRef, now - HOUR, 240);
    } else if (window === '24h') {
      buckets = await store.getRawHistory(node.entityRef, now - DAY, 288);
    } else {
      const days = window === '7d' ? 7 : 30;
      buckets = await store.getRollupHistory(node.entityRef, now - days * DAY);
    }
    const round = (v: number | null) =>
      v === null ? null : Math.round(v * 10) / 10;
    return {
      entityRef: node.entityRef,
      window,
      points: buckets.map(b => ({
        at: new Date(b.at).toISOString(),
        blocksBehind: round(b.avgBlocksBehind),
        peerCount: round(b.avgPeerCount),
        latencyMs: round(b.avgLatencyMs),
        healthyShare: b.samples ? b.healthySamples / b.samples : 0,
      })),
    };
  }

  async #findNode(entityRef: string, credentials: BackstageCredentials) {
    const nodes = await readCatalogNodes(
      this.deps.catalog,
      this.deps.auth,
      credentials,
    );
    const node = nodes.find(
      n => n.entityRef === entityRef.toLocaleLowerCase('en-US'),
    );
    if (!node) {
      throw new NotFoundError(`Unable to find chain node '${entityRef}'`);
    }
    return node;
  }

  #toStatus(
    node: InventoryNode,
    status: NodeStatusRecord | undefined,
    snapshot: HetznerSnapshot | undefined,
  ): ChainNodeStatus {
    const server: ChainNodeServer = serverFor(node, snapshot);
    const base = {
      entityRef: node.entityRef,
      name: node.name,
      title: node.title,
      chain: node.chain,
      rpcEndpoint: node.rpcEndpoint ?? '',
      owner: node.owner,
      system: node.system,
      server,
    };
    if (!status) {
      return { ...base, state: 'unknown', reasons: ['not probed yet'] };
    }
    const last = status.lastResult as LastResult;
    return {
      ...base,
      state: status.observedState,
      reasons: last.evaluation.reasons,
      stateSince: new Date(status.observedSince).toISOString(),
      lastProbeAt: new Date(status.lastProbeAt).toISOString(),
      observation: last.observation,
      chainHead: last.chainHead,
      blocksBehind: last.evaluation.blocksBehind,
      blockAgeSeconds: last.evaluation.blockAgeSeconds,
    };
  }
}
