import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { DEFAULT_ALLOWED_RPC_HOSTS } from './clients/rpcEndpointPolicy';
import {
  ChainHealthRules,
  DEFAULT_CHAIN_HEALTH_RULES,
} from '@internal/plugin-chain-nodes-common';

/** The plugin's settings, read from `chainNodes` with defaults applied. */
export interface ChainNodesConfig {
  probeIntervalSeconds: number;
  probeTimeoutMs: number;
  probeConcurrency: number;
  confirmAfterProbes: number;
  notificationsEnabled: boolean;
  /** Entity refs notified of every confirmed change besides the node's owner. */
  alsoNotify: string[];
  retention: { rawHours: number; rollupDays: number; eventDays: number };
  rulesFor(chain: string): ChainHealthRules;
  /** Hosts, host:port pairs and CIDR ranges the poller may send requests to. */
  allowedRpcHosts: string[];
  hetzner?: {
    token: string;
    baseUrl: string;
    labelSelector: string;
    refreshIntervalSeconds: number;
  };
}

export function readChainNodesConfig(root: Config): ChainNodesConfig {
  const config = root.getOptionalConfig('chainNodes');
  const chains = new Map<string, ChainHealthRules>();
  const chainsConfig = config?.getOptionalConfig('chains');
  for (const chain of chainsConfig?.keys() ?? []) {
    const c = chainsConfig!.getConfig(chain);
    const d = DEFAULT_CHAIN_HEALTH_RULES;
    chains.set(chain, {
      expectedChainId: c.getOptionalNumber('expectedChainId'),
      minPeers: c.getOptionalNumber('minPeers') ?? d.minPeers,
      maxBlocksBehind:
        c.getOptionalNumber('maxBlocksBehind') ?? d.maxBlocksBehind,
      blockTimeSeconds:
        c.getOptionalNumber('blockTimeSeconds') ?? d.blockTimeSeconds,
      maxBlockAgeFactor:
        c.getOptionalNumber('maxBlockAgeFactor') ?? d.maxBlockAgeFactor,
      maxLatencyMs: c.getOptionalNumber('maxLatencyMs') ?? d.maxLatencyMs,
    });
  }

  const hetznerConfig = config?.getOptionalConfig('hetzner');
  const token = hetznerConfig?.getOptionalString('token');
  const rawHours = config?.getOptionalNumber('retention.rawHours') ?? 48;

  return {
    probeIntervalSeconds:
      config?.getOptionalNumber('probeIntervalSeconds') ?? 15,
    probeTimeoutMs: config?.getOptionalNumber('probeTimeoutMs') ?? 3000,
    probeConcurrency: config?.getOptionalNumber('probeConcurrency') ?? 20,
    confirmAfterProbes: Math.max(
      1,
      config?.getOptionalNumber('confirmAfterProbes') ?? 2,
    ),
    notificationsEnabled:
      config?.getOptionalBoolean('notifications.enabled') ?? true,
    alsoNotify: (
      config?.getOptionalStringArray('notifications.alsoNotify') ?? []
    ).map(ref => {
      try {
        return stringifyEntityRef(parseEntityRef(ref));
      } catch (e) {
        throw new Error(
          `Invalid chainNodes.notifications.alsoNotify entry '${ref}': ${
            (e as Error).message
          }`,
        );
      }
    }),
    retention: {
      // The 24 h charts read raw probes, so never keep less than a day.
      rawHours: Math.max(24, rawHours),
      rollupDays: config?.getOptionalNumber('retention.rollupDays') ?? 90,
      eventDays: config?.getOptionalNumber('retention.eventDays') ?? 365,
    },
    rulesFor: chain => chains.get(chain) ?? DEFAULT_CHAIN_HEALTH_RULES,
    allowedRpcHosts:
      config?.getOptionalStringArray('allowedRpcHosts') ??
      DEFAULT_ALLOWED_RPC_HOSTS,
    hetzner: token
      ? {
          token,
          baseUrl:
            hetznerConfig?.getOptionalString('baseUrl') ??
            'https://api.hetzner.cloud/v1',
          labelSelector:
            hetznerConfig?.getOptionalString('labelSelector') ??
            'role==chain-node',
          refreshIntervalSeconds:
            hetznerConfig?.getOptionalNumber('refreshIntervalSeconds') ?? 300,
        }
      : undefined,
  };
}
