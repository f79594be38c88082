import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ProbeObservation,
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
import { HetznerApiError, HetznerCloudClient } from '@internal/hetzner-cloud';
import { HetznerSnapshot, serverFor } from './reconcile';
import { InventoryNode, readCatalogNodes } from './catalogNodes';
import { probeJsonRpc } from '../clients/probeJsonRpc';
import { createRpcEndpointPolicy } from '../clients/rpcEndpointPolicy';
import { advanceNodeStatus } from './hysteresis';
import { DAY, HETZNER_SNAPSHOT_KEY, HOUR, LastResult } from './lastResult';

const SEVERITY_BY_STATE = {
  down: 'critical',
  degraded: 'high',
  healthy: 'normal',
  unknown: 'normal',
} as const;

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
 * The writer: probes the chain nodes, evaluates and records their health and
 * notifies owners about confirmed changes. Scheduled by the plugin (scope
 * global, one instance at a time); the read API is `ChainNodesReader`.
 */
export class ChainNodesPoller {
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
      hetzner?: HetznerCloudClient;
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
        // A node first seen healthy is news to no one; one that is down or
        // degraded from its first probe is, so it is notified once.
        if (!change.initial || change.to !== 'healthy') {
          notify.push({ node, event });
        }
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
      next = {
        checkedAt: now,
        servers: await hetzner.listServers({
          labelSelector: config.hetzner.labelSelector,
        }),
      };
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
      const recipients = [
        ...new Set([...(node.owner ? [node.owner] : []), ...config.alsoNotify]),
      ];
      if (recipients.length === 0) continue;
      const label = node.title ?? node.name;
      const title =
        event.toState === 'healthy'
          ? `Chain node ${label} recovered (was ${event.fromState})`
          : `Chain node ${label} is ${event.toState}${
              event.fromState === 'unknown' ? ' (since its first probe)' : ''
            }`;
      try {
        await notifications.send({
          recipients: {
            type: 'entity',
            entityRef: recipients.length === 1 ? recipients[0] : recipients,
          },
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
          `Could not notify ${recipients.join(', ')} about ${node.entityRef}: ${
            (error as Error).message
          }`,
        );
      }
    }
    return sent;
  }
}
