import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ChainNodeDetails,
  ChainNodeFleet,
  ChainNodeHistory,
  ChainNodeHistoryWindow,
  ChainNodeServer,
  ChainNodeStatus,
  NodeHealthEvaluation,
  ProbeObservation,
  compareStateWorstFirst,
  computeChainHead,
  evaluateNodeHealth,
} from '@internal/plugin-chain-nodes-common';
import pLimit from 'p-limit';
import { ChainNodesConfig } from '../config';
import {
  ChainNodesStore,
  NodeStatusRecord,
  ProbeRecord,
  StateChangeRecord,
} from '../database/ChainNodesStore';
import { HetznerApiError, HetznerClient } from '../hetzner/HetznerClient';
import { HetznerSnapshot, reconcile, serverFor } from '../hetzner/reconcile';
import { InventoryNode, readCatalogNodes } from '../inventory/catalogNodes';
import { probeJsonRpc } from '../probe/probeJsonRpc';
import { createRpcEndpointPolicy } from '../probe/rpcEndpointPolicy';
import { advanceNodeStatus } from './hysteresis';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HETZNER_SNAPSHOT_KEY = 'hetzner_snapshot';
const SEVERITY_BY_STATE = {
  down: 'critical',
  degraded: 'high',
  healthy: 'normal',
  unknown: 'normal',
} as const;

/** What is kept of the latest probe in the status table. */
interface LastResult {
  observation: ProbeObservation;
  evaluation: NodeHealthEvaluation;
  chainHead?: number;
}

/** Summary of one probe cycle, for logs and the benchmark. */
export interface ProbeCycleSummary {
  nodes: number;
  healthy: number;
  degraded: number;
  down: number;
  stateChanges: number;
  notificationsSent: number;
}

/**
 * Probes the chain nodes, evaluates and records their health, notifies owners
 * about confirmed changes, and answers the read API.
 */
export class ChainNodesService {
  readonly #probe: typeof probeJsonRpc;
  readonly #now: () => number;
  readonly #endpoints: ReturnType<typeof createRpcEndpointPolicy>;

  constructor(
    private readonly deps: {
      store: ChainNodesStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      config: ChainNodesConfig;
      notifications?: NotificationService;
      hetzner?: HetznerClient;
      /** Replaces the JSON-RPC probe (benchmark, tests). */
      probe?: typeof probeJsonRpc;
      now?: () => number;
    },
  ) {
    this.#probe = deps.probe ?? probeJsonRpc;
    this.#now = deps.now ?? Date.now;
    this.#endpoints = createRpcEndpointPolicy(deps.config.allowedRpcHosts);
  }

  /** One probe cycle over every chain node in the catalog. Never throws for a node's fault. */
  async runProbeCycle(): Promise<ProbeCycleSummary> {
    const { store, config, logger } = this.deps;
    const nodes = await readCatalogNodes(this.deps.catalog, this.deps.auth);
    const snapshot = await this.#refreshHetzner();

    const limit = pLimit(config.probeConcurrency);
    const observations = await Promise.all(
      nodes.map(node =>
        limit(async (): Promise<ProbeObservation> => {
          const refusal =
            node.rpcEndpoint && this.#endpoints.refusal(node.rpcEndpoint);
          if (refusal) {
            return { reachable: false, error: `not probed: ${refusal}` };
          }
          try {
            return await this.#probe(node.rpcEndpoint, {
              timeoutMs: config.probeTimeoutMs,
            });
          } catch (error) {
            // probeJsonRpc does not throw; this guards the poller against a bug.
            return {
              reachable: false,
              error: `probe failed: ${(error as Error).message}`,
            };
          }
        }),
      ),
    );
    const now = this.#now();

    const byChain = new Map<string, ProbeObservation[]>();
    nodes.forEach((node, i) => {
      byChain.set(node.chain, [
        ...(byChain.get(node.chain) ?? []),
        observations[i],
      ]);
    });
    const heads = new Map<string, number | undefined>();
    for (const [chain, list] of byChain) {
      heads.set(chain, computeChainHead(list, config.rulesFor(chain)));
    }

    const previous = new Map(
      (await store.getStatuses(nodes.map(n => n.entityRef))).map(s => [
        s.nodeRef,
        s,
      ]),
    );
    const probes: ProbeRecord[] = [];
    const statuses: NodeStatusRecord[] = [];
    const events: StateChangeRecord[] = [];
    const notify: Array<{ node: InventoryNode; event: StateChangeRecord }> = [];
    const summary: ProbeCycleSummary = {
      nodes: nodes.length,
      healthy: 0,
      degraded: 0,
      down: 0,
      stateChanges: 0,
      notificationsSent: 0,
    };

    nodes.forEach((node, i) => {
      const observation = observations[i];
      const chainHead = heads.get(node.chain);
      const evaluation = evaluateNodeHealth({
        observation,
        rules: config.rulesFor(node.chain),
        chainHead,
        server: serverFor(node, snapshot),
        now,
      });
      summary[evaluation.state]++;
      probes.push({
        nodeRef: node.entityRef,
        probedAt: now,
        state: evaluation.state,
        reasons: evaluation.reasons,
        latencyMs: observation.latencyMs,
        chainId: observation.chainId,
        blockNumber: observation.blockNumber,
        chainHead,
        blocksBehind: evaluation.blocksBehind,
        peerCount: observation.peerCount,
        syncing: observation.syncing,
        blockAgeSeconds: evaluation.blockAgeSeconds,
      });
      const { next, change } = advanceNodeStatus(
        previous.get(node.entityRef),
        evaluation.state,
        now,
        config.confirmAfterProbes,
      );
      const lastResult: LastResult = { observation, evaluation, chainHead };
      statuses.push({
        nodeRef: node.entityRef,
        ...next,
        lastProbeAt: now,
        lastResult,
      });
      if (change) {
        const event = {
          nodeRef: node.entityRef,
          at: next.confirmedSince,
          fromState: change.from,
          toState: change.to,
          reasons: evaluation.reasons,
        };
        events.push(event);
        if (!change.initial) notify.push({ node, event });
      }
    });

    await store.recordCycle({ probes, statuses, events });
    summary.stateChanges = notify.length;
    summary.notificationsSent = await this.#notify(notify);

    const rolled = await store.rollUp(now);
    if (rolled.hours > 0) {
      const pruned = await store.prune({
        raw: now - config.retention.rawHours * HOUR,
        rollups: now - config.retention.rollupDays * DAY,
        events: now - config.retention.eventDays * DAY,
      });
      logger.info(
        `Rolled up ${
          rolled.hours
        } hour(s) of chain-node probes; pruned ${JSON.stringify(pruned)}`,
      );
    }
    return summary;
  }

  async getFleet(credentials: BackstageCredentials): Promise<ChainNodeFleet> {
    const nodes = await readCatalogNodes(
      this.deps.catalog,
      this.deps.auth,
      credentials,
    );
    const snapshot = await this.deps.store.getMeta<HetznerSnapshot>(
      HETZNER_SNAPSHOT_KEY,
    );
    const statuses = new Map(
      (await this.deps.store.getStatuses(nodes.map(n => n.entityRef))).map(
        s => [s.nodeRef, s],
      ),
    );
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
      reconciliation: reconcile(nodes, snapshot, Boolean(this.deps.hetzner)),
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
    return {
      node: this.#toStatus(node, status, snapshot),
      uptime: { '24h': day, '7d': week, '30d': month },
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

  /** Reads the Hetzner server list when due; a failure is recorded, never thrown. */
  async #refreshHetzner(): Promise<HetznerSnapshot | undefined> {
    const { store, hetzner, config, logger } = this.deps;
    const snapshot = await store.getMeta<HetznerSnapshot>(HETZNER_SNAPSHOT_KEY);
    if (!hetzner || !config.hetzner) {
      return undefined;
    }
    const now = this.#now();
    const due =
      !snapshot ||
      (snapshot.retryAt !== undefined
        ? now >= snapshot.retryAt
        : now - snapshot.checkedAt >=
            config.hetzner.refreshIntervalSeconds * 1000 ||
          snapshot.error !== undefined);
    if (!due) {
      return snapshot;
    }
    let next: HetznerSnapshot;
    try {
      next = { checkedAt: now, servers: await hetzner.listServers() };
    } catch (error) {
      const e = error as HetznerApiError;
      logger.warn(
        `Reading chain-node servers from Hetzner failed: ${e.message}`,
      );
      next = {
        checkedAt: now,
        servers: snapshot?.servers,
        error: e.message,
        retryAt: e.retryAt,
      };
    }
    await store.setMeta(HETZNER_SNAPSHOT_KEY, next, now);
    return next;
  }

  async #notify(
    items: Array<{ node: InventoryNode; event: StateChangeRecord }>,
  ): Promise<number> {
    const { notifications, config, logger } = this.deps;
    if (!notifications || !config.notificationsEnabled) {
      return 0;
    }
    let sent = 0;
    for (const { node, event } of items) {
      if (!node.owner) continue;
      const label = node.title ?? node.name;
      const title =
        event.toState === 'healthy'
          ? `Chain node ${label} recovered (was ${event.fromState})`
          : `Chain node ${label} is ${event.toState}`;
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: node.owner },
          payload: {
            title,
            description: event.reasons.length
              ? `${node.chain}: ${event.reasons.join('; ')}`
              : `${node.chain}: all health rules pass`,
            link: `/catalog/${node.namespace}/resource/${node.name}/health`,
            severity: SEVERITY_BY_STATE[event.toState],
            topic: 'chain-node-health',
            scope: `chain-node:${node.entityRef}`,
          },
        });
        sent++;
      } catch (error) {
        logger.warn(
          `Could not notify ${node.owner} about ${node.entityRef}: ${
            (error as Error).message
          }`,
        );
      }
    }
    return sent;
  }
}
