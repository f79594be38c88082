import path from 'node:path';
import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_DASHBOARD_APP,
  ANNOTATION_KUBERNETES_DASHBOARD_URL,
  ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/** The annotation the catalog puts on every entity: where it was registered from. */
const ORIGIN_ANNOTATION = 'backstage.io/managed-by-origin-location';

/** How node-mix reads `kubernetes-cluster` Resources from the catalog. */
export interface CatalogClusterOptions {
  /**
   * API servers a catalog cluster may point at: `https://host[:port]`, the
   * host may start with `*.` (one or more labels). Nothing else is contacted.
   */
  allowedApiServers: string[];
  /** `type:target` of the portal's own catalog locations (app config). */
  trustedOrigins: Set<string>;
  /** The Kubernetes catalog locator's `dangerouslyAllowSkipTLSVerify`. */
  allowSkipTLSVerify: boolean;
  refreshIntervalSeconds: number;
}

/**
 * The options when `kubernetes.clusterLocatorMethods` has a `type: catalog`
 * method (the Kubernetes tab then reads the catalog too: one list for both),
 * otherwise undefined.
 */
export function readCatalogClusterOptions(
  config: Config,
): CatalogClusterOptions | undefined {
  const method = (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  ).find(m => m.getString('type') === 'catalog');
  if (!method) {
    return undefined;
  }
  const allowedApiServers =
    config.getOptionalStringArray(
      'nodeMix.catalogClusters.allowedApiServers',
    ) ?? [];
  for (const entry of allowedApiServers) {
    parseAllowedApiServer(entry);
  }
  const refreshIntervalSeconds =
    config.getOptionalNumber(
      'nodeMix.catalogClusters.refreshIntervalSeconds',
    ) ?? 60;
  if (!Number.isInteger(refreshIntervalSeconds) || refreshIntervalSeconds < 5) {
    throw new Error(
      `nodeMix.catalogClusters.refreshIntervalSeconds must be an integer of at least 5, got ${refreshIntervalSeconds}`,
    );
  }
  const trustedOrigins = new Set(
    (config.getOptionalConfigArray('catalog.locations') ?? []).map(l => {
      const type = l.getString('type');
      const target = l.getString('target');
      // The same resolution as the catalog's config location provider
      return `${type}:${type === 'file' ? path.resolve(target) : target}`;
    }),
  );
  return {
    allowedApiServers,
    trustedOrigins,
    allowSkipTLSVerify:
      method.getOptionalBoolean('dangerouslyAllowSkipTLSVerify') ?? false,
    refreshIntervalSeconds,
  };
}

interface AllowedApiServer {
  protocol: string;
  host: string;
  wildcard: boolean;
  port: string;
}

function parseAllowedApiServer(entry: string): AllowedApiServer {
  const match =
    /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:]+\])(?::(\d+))?\/?$/i.exec(
      entry,
    );
  if (!match) {
    throw new Error(
      `nodeMix.catalogClusters.allowedApiServers entry '${entry}' must be https://host[:port] (host may start with *.)`,
    );
  }
  const [, protocol, star, host, port] = match;
  return {
    protocol: `${protocol.toLowerCase()}:`,
    host: host.toLowerCase(),
    wildcard: Boolean(star),
    port: port ?? '',
  };
}

function defaultPort(protocol: string) {
  return protocol === 'https:' ? '443' : '80';
}

/** Whether a catalog cluster's API server URL is on the allow-list (scheme, host and port). */
export function isAllowedApiServer(url: string, allowed: string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  const port = parsed.port || defaultPort(parsed.protocol);
  return allowed.some(entry => {
    const a = parseAllowedApiServer(entry);
    if (a.protocol !== parsed.protocol) {
      return false;
    }
    if ((a.port || defaultPort(a.protocol)) !== port) {
      return false;
    }
    return a.wildcard ? host.endsWith(`.${a.host}`) : host === a.host;
  });
}

/**
 * One catalog Resource as a cluster, the way Backstage's catalog cluster
 * locator reads it (name, annotations, no `serviceAccount` auth: a token must
 * never live in the catalog), plus two rules of this portal: the Resource
 * comes from one of the portal's own catalog locations, and its API server
 * is on `nodeMix.catalogClusters.allowedApiServers`. Anyone who can register
 * a catalog file could otherwise make the backend send cloud credentials to
 * a URL of their choosing.
 */
export function clusterFromEntity(
  entity: Entity,
  options: CatalogClusterOptions,
): { cluster: ClusterDetails } | { problem: string } {
  const name = entity.metadata.name;
  const annotations = entity.metadata.annotations ?? {};
  const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
  const authProvider = annotations[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  const caData = annotations[ANNOTATION_KUBERNETES_API_SERVER_CA];
  const refuse = (why: string) => ({
    problem: `Ignoring kubernetes-cluster Resource '${name}': ${why}`,
  });
  if (!url) {
    return refuse(`no ${ANNOTATION_KUBERNETES_API_SERVER} annotation`);
  }
  const origin = annotations[ORIGIN_ANNOTATION];
  if (!origin || !options.trustedOrigins.has(origin)) {
    return refuse(
      `it comes from '${
        origin ?? 'an unknown location'
      }', not from the portal's own catalog locations`,
    );
  }
  if (!authProvider) {
    return refuse(`no ${ANNOTATION_KUBERNETES_AUTH_PROVIDER} annotation`);
  }
  if (authProvider === 'serviceAccount') {
    return refuse(
      'the serviceAccount auth provider needs a token, which the catalog must not hold (list the cluster in config)',
    );
  }
  if (!caData) {
    return refuse(`no ${ANNOTATION_KUBERNETES_API_SERVER_CA} annotation`);
  }
  if (!isAllowedApiServer(url, options.allowedApiServers)) {
    return refuse(
      `API server '${url}' is not on nodeMix.catalogClusters.allowedApiServers`,
    );
  }
  const authMetadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith('kubernetes.io/')) {
      authMetadata[key] = value;
    }
  }
  const dashboardUrl = annotations[ANNOTATION_KUBERNETES_DASHBOARD_URL];
  const dashboardApp = annotations[ANNOTATION_KUBERNETES_DASHBOARD_APP];
  return {
    cluster: {
      name,
      ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
      url,
      authMetadata,
      caData,
      skipTLSVerify:
        options.allowSkipTLSVerify &&
        annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
      skipMetricsLookup:
        annotations[ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP] === 'true',
      ...(dashboardUrl ? { dashboardUrl } : {}),
      ...(dashboardApp ? { dashboardApp } : {}),
    },
  };
}
