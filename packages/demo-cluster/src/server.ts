import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ClusterState,
  DemoClusterModel,
  K8sObject,
  LiveChangeKind,
  ResourceKey,
} from './model';
import { podLogLines } from './podLogs';
import {
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors';
import { WatchHub, WatchRequest } from './watch';

/** What a bearer token may do. */
export type TokenRole =
  /** Everything (read-only): the portal's service account. */
  | 'admin'
  /** Core and apps resources, but not Karpenter's: a half-configured RBAC. */
  | 'core-only'
  /** Authenticated, but bound to no role: every list is 403. */
  | 'none';

/** The tokens a demo cluster accepts by default. */
export const DEFAULT_DEMO_TOKENS: Record<string, TokenRole> = {
  'demo-cluster-token': 'admin',
  'demo-core-only-token': 'core-only',
  'demo-no-rights-token': 'none',
};

interface ResourceDefinition {
  group: string;
  version: string;
  plural: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  key?: ResourceKey;
}

const RESOURCES: ResourceDefinition[] = (
  [
    {
      group: '',
      version: 'v1',
      plural: 'nodes',
      kind: 'Node',
      namespaced: false,
      key: 'core/nodes',
    },
    {
      group: '',
      version: 'v1',
      plural: 'pods',
      kind: 'Pod',
      namespaced: true,
      key: 'core/pods',
    },
    {
      group: '',
      version: 'v1',
      plural: 'namespaces',
      kind: 'Namespace',
      namespaced: false,
      key: 'core/namespaces',
    },
    {
      group: '',
      version: 'v1',
      plural: 'services',
      kind: 'Service',
      namespaced: true,
      key: 'core/services',
    },
    {
      group: '',
      version: 'v1',
      plural: 'events',
      kind: 'Event',
      namespaced: true,
      key: 'core/events',
    },
    {
      group: '',
      version: 'v1',
      plural: 'configmaps',
      kind: 'ConfigMap',
      namespaced: true,
    },
    {
      group: '',
      version: 'v1',
      plural: 'secrets',
      kind: 'Secret',
      namespaced: true,
    },
    {
      group: '',
      version: 'v1',
      plural: 'limitranges',
      kind: 'LimitRange',
      namespaced: true,
    },
    {
      group: '',
      version: 'v1',
      plural: 'resourcequotas',
      kind: 'ResourceQuota',
      namespaced: true,
    },
    {
      group: '',
      version: 'v1',
      plural: 'persistentvolumeclaims',
      kind: 'PersistentVolumeClaim',
      namespaced: true,
    },
    {
      group: '',
      version: 'v1',
      plural: 'persistentvolumes',
      kind: 'PersistentVolume',
      namespaced: false,
    },
    {
      group: 'apps',
      version: 'v1',
      plural: 'deployments',
      kind: 'Deployment',
      namespaced: true,
      key: 'apps/deployments',
    },
    {
      group: 'apps',
      version: 'v1',
      plural: 'replicasets',
      kind: 'ReplicaSet',
      namespaced: true,
      key: 'apps/replicasets',
    },
    {
      group: 'apps',
      version: 'v1',
      plural: 'statefulsets',
      kind: 'StatefulSet',
      namespaced: true,
    },
    {
      group: 'apps',
      version: 'v1',
      plural: 'daemonsets',
      kind: 'DaemonSet',
      namespaced: true,
      key: 'apps/daemonsets',
    },
    {
      group: 'autoscaling',
      version: 'v2',
      plural: 'horizontalpodautoscalers',
      kind: 'HorizontalPodAutoscaler',
      namespaced: true,
    },
    {
      group: 'batch',
      version: 'v1',
      plural: 'jobs',
      kind: 'Job',
      namespaced: true,
    },
    {
      group: 'batch',
      version: 'v1',
      plural: 'cronjobs',
      kind: 'CronJob',
      namespaced: true,
    },
    {
      group: 'networking.k8s.io',
      version: 'v1',
      plural: 'ingresses',
      kind: 'Ingress',
      namespaced: true,
    },
    {
      group: 'policy',
      version: 'v1',
      plural: 'poddisruptionbudgets',
      kind: 'PodDisruptionBudget',
      namespaced: true,
      key: 'policy/poddisruptionbudgets',
    },
    {
      group: 'karpenter.sh',
      version: 'v1',
      plural: 'nodepools',
      kind: 'NodePool',
      namespaced: false,
      key: 'karpenter.sh/nodepools',
    },
    {
      group: 'karpenter.sh',
      version: 'v1',
      plural: 'nodeclaims',
      kind: 'NodeClaim',
      namespaced: false,
      key: 'karpenter.sh/nodeclaims',
    },
    {
      group: 'karpenter.k8s.aws',
      version: 'v1',
      plural: 'ec2nodeclasses',
      kind: 'EC2NodeClass',
      namespaced: false,
      key: 'karpenter.k8s.aws/ec2nodeclasses',
    },
    {
      group: 'karpenter.sh',
      version: 'v1alpha1',
      plural: 'nodeoverlays',
      kind: 'NodeOverlay',
      namespaced: false,
      key: 'karpenter.sh/nodeoverlays',
    },
  ] as Array<Omit<ResourceDefinition, 'singular'>>
).map(r => ({ ...r, singular: r.kind.toLowerCase() }));

const GROUP_VERSIONS = [
  ...new Set(
    RESOURCES.filter(r => r.group).map(r => `${r.group}/${r.version}`),
  ),
];
const KARPENTER_GROUPS = new Set(['karpenter.sh', 'karpenter.k8s.aws']);
/** How long a list's resourceVersion stays valid for `continue`, like etcd compaction. */
const SNAPSHOT_RETENTION_MS = 5 * 60 * 1000;
const MAX_LIMIT = 5000;

/** Options of {@link startDemoClusterServer}. */
export interface DemoClusterServerOptions {
  model: DemoClusterModel;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  tokens?: Record<string, TokenRole>;
  /** How often the cluster churns; 0 disables churn (tests). */
  churnIntervalMs?: number;
  /** Added to every response, to simulate a slow API server. */
  latencyMs?: number;
  /**
   * Small live changes (scale-ups, consolidations, spot interruptions, pods
   * rescheduled) at about this many object changes per second; 0 = none.
   */
  churnPerSecond?: number;
  /** How often a watch with `allowWatchBookmarks` gets a BOOKMARK (default 60 s). */
  bookmarkIntervalMs?: number;
  /** How long watch history is kept for resuming (default 5 min); older → 410. */
  watchRetentionMs?: number;
}

/** A running demo cluster API. */
export interface DemoClusterServer {
  url: string;
  model: DemoClusterModel;
  /** Changes the simulated latency of every response. */
  setLatency(ms: number): void;
  /** Applies live changes now and publishes them to watches. */
  change(kinds: readonly LiveChangeKind[]): {
    nodesAdded: string[];
    nodesRemoved: string[];
    resourceVersion: number;
  };
  close(): Promise<void>;
}

interface Reply {
  code: number;
  body: string;
  /** Otherwise JSON for a body that starts with `{`, else text/plain. */
  contentType?: string;
  /** A watch to stream instead of the body. */
  watch?: WatchRequest;
}

const LIVE_CHANGES: readonly LiveChangeKind[] = [
  'scale-up',
  'consolidation',
  'spot-interruption',
  'reschedule',
];
/** How often each live change is picked (pods move far more often than nodes come and go). */
const LIVE_CHANGE_WEIGHTS: ReadonlyArray<readonly [LiveChangeKind, number]> = [
  ['reschedule', 0.8],
  ['scale-up', 0.07],
  ['consolidation', 0.08],
  ['spot-interruption', 0.05],
];
/** The API server's default: a watch ends after 30-60 min unless timeoutSeconds says otherwise. */
const DEFAULT_WATCH_TIMEOUT_S = 1800;

function status(
  code: number,
  reason: string,
  message: string,
  details?: object,
) {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

function encodeContinue(rv: number, start: number): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv, start }),
  ).toString('base64url');
}

function decodeContinue(
  token: string,
): { rv: number; start: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      parsed.v === 'meta.k8s.io/v1' &&
      Number.isInteger(parsed.rv) &&
      Number.isInteger(parsed.start) &&
      parsed.start >= 0
    ) {
      return { rv: parsed.rv, start: parsed.start };
    }
  } catch {
    // fall through
  }
  return undefined;
}

/**
 * Serves a {@link DemoClusterModel} over the Kubernetes API's HTTP surface:
 * discovery, list and get for the resources the portal reads, label and
 * field selectors, `limit`/`continue` paging over a consistent snapshot, and
 * bearer-token authentication with 401/403 answers in `Status` form.
 */
export async function startDemoClusterServer(
  options: DemoClusterServerOptions,
): Promise<DemoClusterServer> {
  const { model } = options;
  const tokens = options.tokens ?? DEFAULT_DEMO_TOKENS;
  let latencyMs = options.latencyMs ?? 0;
  const snapshots = new Map<number, { state: ClusterState; at: number }>();
  const jsonCache = new WeakMap<object, string>();
  const filterCache = new Map<string, readonly K8sObject[]>();

  const remember = (state: ClusterState) => {
    const now = Date.now();
    snapshots.set(state.resourceVersion, { state, at: now });
    for (const [rv, s] of snapshots) {
      if (rv !== state.resourceVersion && now - s.at > SNAPSHOT_RETENTION_MS) {
        snapshots.delete(rv);
      }
    }
  };
  remember(model.current());

  const toJson = (obj: K8sObject) => {
    let s = jsonCache.get(obj);
    if (s === undefined) {
      s = JSON.stringify(obj);
      jsonCache.set(obj, s);
    }
    return s;
  };

  const hub = new WatchHub(model, {
    toJson,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    retentionMs: options.watchRetentionMs,
  });
  const applyChanges = (kinds: readonly LiveChangeKind[]) => {
    const changed = model.liveChanges(kinds);
    hub.observe();
    return { ...changed, resourceVersion: model.current().resourceVersion };
  };
  const versionInfo = JSON.stringify({
    major: '1',
    minor: '34',
    // The `-demo` suffix lets the portal label this endpoint as a demo cluster.
    gitVersion: 'v1.34.1-demo',
    gitCommit: '93248f9ae092f571eb870b7664c534bfc7d00f03',
    gitTreeState: 'clean',
    buildDate: '2025-09-09T19:43:15Z',
    goVersion: 'go1.24.6',
    compiler: 'gc',
    platform: 'linux/amd64',
    emulationMajor: '1',
    emulationMinor: '34',
  });

  function discovery(path: string[]): string | undefined {
    if (path.length === 1 && path[0] === 'api') {
      return JSON.stringify({
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' },
        ],
      });
    }
    if (path.length === 1 && path[0] === 'apis') {
      const groups = [
        ...new Set(RESOURCES.filter(r => r.group).map(r => r.group)),
      ].map(g => {
        // karpenter.sh serves v1 and v1alpha1 (NodeOverlay); v1 is preferred
        const versions = [
          ...new Set(RESOURCES.filter(r => r.group === g).map(r => r.version)),
        ].map(version => ({ groupVersion: `${g}/${version}`, version }));
        return { name: g, versions, preferredVersion: versions[0] };
      });
      return JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups });
    }
    let gv: string | undefined;
    if (path[0] === 'api' && path.length === 2) gv = path[1];
    if (path[0] === 'apis' && path.length === 3) gv = `${path[1]}/${path[2]}`;
    if (gv && (gv === 'v1' || GROUP_VERSIONS.includes(gv))) {
      const resources = RESOURCES.filter(
        r => (r.group ? `${r.group}/${r.version}` : r.version) === gv,
      ).map(r => ({
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.key ? ['get', 'list', 'watch'] : ['get', 'list'],
      }));
      return JSON.stringify({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources,
      });
    }
    return undefined;
  }

  function resolve(segments: string[]) {
    let group = '';
    let version: string;
    let rest: string[];
    if (segments[0] === 'api') {
      version = segments[1];
      rest = segments.slice(2);
    } else if (segments[0] === 'apis') {
      group = segments[1];
      version = segments[2];
      rest = segments.slice(3);
    } else {
      return undefined;
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    if (rest.length < 1 || rest.length > 2) {
      return undefined;
    }
    const def = RESOURCES.find(
      r => r.group === group && r.version === version && r.plural === rest[0],
    );
    if (!def || (namespace !== undefined && !def.namespaced)) {
      return undefined;
    }
    return { def, namespace, name: rest[1] };
  }

  /** `GET /api/v1/namespaces/{ns}/pods/{name}/log`, as the API server answers it. */
  function podLog(
    namespace: string,
    name: string,
    params: URLSearchParams,
    role: TokenRole,
  ): Reply {
    if (role === 'none') {
      return {
        code: 403,
        body: status(
          403,
          'Forbidden',
          `pods "${name}" is forbidden: User "system:serviceaccount:backstage:demo-none" cannot get resource "pods/log" in API group "" in the namespace "${namespace}"`,
          { name, kind: 'pods' },
        ),
      };
    }
    const ints: Record<string, number> = {};
    for (const key of ['tailLines', 'sinceSeconds']) {
      const raw = params.get(key);
      if (raw === null) continue;
      const value = /^-?\d{1,12}$/.test(raw) ? Number(raw) : NaN;
      if (Number.isNaN(value)) {
        return {
          code: 400,
          body: status(
            400,
            'BadRequest',
            `invalid ${key}: ${JSON.stringify(
              raw.slice(0, 64),
            )}: not an integer`,
          ),
        };
      }
      if (value < 0 || (key === 'sinceSeconds' && value === 0)) {
        return {
          code: 422,
          body: status(
            422,
            'Invalid',
            `PodLogOptions "${name}" is invalid: ${key}: Invalid value: ${value}: must be greater than ${
              key === 'sinceSeconds' ? '0' : 'or equal to 0'
            }`,
            { name, kind: 'PodLogOptions' },
          ),
        };
      }
      ints[key] = value;
    }
    // Kubernetes reads a bare `previous=` as true.
    const flag = (key: string) => {
      const raw = params.get(key);
      return raw !== null && !/^(0|f|false)$/i.test(raw);
    };
    const pod = (model.current().collections.get('core/pods') ?? []).find(
      o => o.metadata.name === name && o.metadata.namespace === namespace,
    );
    if (!pod) {
      return {
        code: 404,
        body: status(404, 'NotFound', `pods "${name}" not found`, {
          name,
          kind: 'pods',
        }),
      };
    }
    const containers = ((pod.spec as any).containers as any[]).map(
      c => c.name as string,
    );
    const container = params.get('container') ?? '';
    if (!container && containers.length !== 1) {
      return {
        code: 400,
        body: status(
          400,
          'BadRequest',
          `a container name must be specified for pod ${name}, choose one of: [${containers.join(
            ' ',
          )}]`,
        ),
      };
    }
    const chosen = container || containers[0];
    if (!containers.includes(chosen)) {
      return {
        code: 400,
        body: status(
          400,
          'BadRequest',
          `container ${JSON.stringify(
            chosen.slice(0, 64),
          )} is not valid for pod ${name}`,
        ),
      };
    }
    if (flag('previous')) {
      // Demo containers have never restarted: no previous instance exists.
      return {
        code: 400,
        body: status(
          400,
          'BadRequest',
          `previous terminated container "${chosen}" in pod "${name}" not found`,
        ),
      };
    }
    const lines = podLogLines(
      pod,
      {
        container: chosen,
        tailLines: ints.tailLines,
        sinceSeconds: ints.sinceSeconds,
        timestamps: flag('timestamps'),
      },
      model.spec.now(),
    );
    return {
      code: 200,
      body: lines.map(l => `${l}\n`).join(''),
      contentType: 'text/plain',
    };
  }

  function handle(req: http.IncomingMessage): Reply {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = url.pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    if (url.pathname === '/version') {
      return { code: 200, body: versionInfo };
    }
    if (
      url.pathname === '/healthz' ||
      url.pathname === '/readyz' ||
      url.pathname === '/livez'
    ) {
      return { code: 200, body: 'ok' };
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ')
      ? auth.slice('Bearer '.length).trim()
      : undefined;
    const role = token ? tokens[token] : undefined;
    if (!role) {
      return { code: 401, body: status(401, 'Unauthorized', 'Unauthorized') };
    }
    if (url.pathname === '/demo/changes') {
      return demoChange(req, url.searchParams, role);
    }
    if (req.method !== 'GET') {
      return {
        code: 405,
        body: status(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
        ),
      };
    }
    if (
      segments.length === 7 &&
      segments[0] === 'api' &&
      segments[1] === 'v1' &&
      segments[2] === 'namespaces' &&
      segments[4] === 'pods' &&
      segments[6] === 'log'
    ) {
      return podLog(segments[3], segments[5], url.searchParams, role);
    }
    const disco = discovery(segments);
    if (disco) {
      return { code: 200, body: disco };
    }
    const target = resolve(segments);
    if (!target) {
      return {
        code: 404,
        body: status(
          404,
          'NotFound',
          'the server could not find the requested resource',
        ),
      };
    }
    const { def, namespace, name } = target;
    const subject = `system:serviceaccount:backstage:${
      role === 'admin' ? 'backstage-reader' : `demo-${role}`
    }`;
    if (
      role === 'none' ||
      (role === 'core-only' && KARPENTER_GROUPS.has(def.group))
    ) {
      const scope = namespace
        ? `in the namespace "${namespace}"`
        : 'at the cluster scope';
      return {
        code: 403,
        body: status(
          403,
          'Forbidden',
          `${def.plural}${
            def.group ? `.${def.group}` : ''
          } is forbidden: User "${subject}" cannot ${
            name ? 'get' : 'list'
          } resource "${def.plural}" in API group "${def.group}" ${scope}`,
          { kind: def.plural, ...(def.group ? { group: def.group } : {}) },
        ),
      };
    }
    const watchParam = url.searchParams.get('watch');
    if (watchParam !== null && !/^(0|f|false)?$/i.test(watchParam)) {
      if (name !== undefined || !def.key) {
        return {
          code: 405,
          body: status(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          ),
        };
      }
      return watchRequest(def, namespace, url.searchParams);
    }

    const current = model.current();
    if (!snapshots.has(current.resourceVersion)) {
      remember(current);
    }
    const all = def.key ? current.collections.get(def.key) ?? [] : [];
    const apiVersion = def.group ? `${def.group}/${def.version}` : def.version;

    if (name !== undefined) {
      const found = all.find(
        o =>
          o.metadata.name === name &&
          (namespace === undefined || o.metadata.namespace === namespace),
      );
      if (!found) {
        return {
          code: 404,
          body: status(404, 'NotFound', `${def.plural} "${name}" not found`, {
            name,
            kind: def.plural,
          }),
        };
      }
      return { code: 200, body: toJson(found) };
    }

    // A continued list reads the snapshot of its first page.
    const continueToken = url.searchParams.get('continue');
    let state = current;
    let start = 0;
    if (continueToken) {
      const decoded = decodeContinue(continueToken);
      if (!decoded) {
        return {
          code: 400,
          body: status(
            400,
            'BadRequest',
            'continue key is not valid: illegal base64 data or version mismatch',
          ),
        };
      }
      const snap = snapshots.get(decoded.rv);
      if (!snap) {
        return {
          code: 410,
          body: status(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
          ),
        };
      }
      state = snap.state;
      start = decoded.start;
    }

    const labelSelector = url.searchParams.get('labelSelector') ?? '';
    const fieldSelector = url.searchParams.get('fieldSelector') ?? '';
    let items: readonly K8sObject[] = def.key
      ? state.collections.get(def.key) ?? []
      : [];
    if (namespace !== undefined || labelSelector || fieldSelector) {
      const cacheKey = `${state.resourceVersion}|${def.plural}|${
        namespace ?? ''
      }|${labelSelector}|${fieldSelector}`;
      let filtered = filterCache.get(cacheKey);
      if (!filtered) {
        try {
          const byLabel = labelSelector
            ? parseLabelSelector(labelSelector)
            : undefined;
          const byField = fieldSelector
            ? parseFieldSelector(fieldSelector)
            : undefined;
          filtered = items.filter(
            o =>
              (namespace === undefined || o.metadata.namespace === namespace) &&
              (!byLabel || byLabel(o)) &&
              (!byField || byField(o)),
          );
        } catch (e) {
          if (e instanceof SelectorError) {
            return { code: 400, body: status(400, 'BadRequest', e.message) };
          }
          throw e;
        }
        filterCache.set(cacheKey, filtered);
        if (filterCache.size > 16) {
          filterCache.delete(filterCache.keys().next().value!);
        }
      }
      items = filtered;
    }

    const limitParam = url.searchParams.get('limit');
    let limit = items.length - start;
    if (limitParam !== null) {
      const parsed = Number(limitParam);
      if (!Number.isInteger(parsed) || parsed < 0) {
        return {
          code: 400,
          body: status(400, 'BadRequest', `invalid limit: "${limitParam}"`),
        };
      }
      if (parsed > 0) {
        limit = Math.min(parsed, MAX_LIMIT);
      }
    }
    const end = Math.min(items.length, start + limit);
    const page = items.slice(start, end);
    const metadata: Record<string, unknown> = {
      resourceVersion: String(state.resourceVersion),
    };
    if (end < items.length) {
      metadata.continue = encodeContinue(state.resourceVersion, end);
      metadata.remainingItemCount = items.length - end;
    }
    const body = `{"kind":"${
      def.kind
    }List","apiVersion":"${apiVersion}","metadata":${JSON.stringify(
      metadata,
    )},"items":[${page.map(toJson).join(',')}]}`;
    return { code: 200, body };
  }

  /** `?watch=1` on a collection: validated here, streamed by the hub. */
  function watchRequest(
    def: ResourceDefinition,
    namespace: string | undefined,
    params: URLSearchParams,
  ): Reply {
    const bad = (message: string) => ({
      code: 400,
      body: status(400, 'BadRequest', message),
    });
    const rvParam = params.get('resourceVersion') ?? '';
    if (rvParam !== '' && !/^\d{1,15}$/.test(rvParam)) {
      return bad(
        `invalid resource version: ${JSON.stringify(rvParam.slice(0, 64))}`,
      );
    }
    const timeoutParam = params.get('timeoutSeconds');
    if (timeoutParam !== null && !/^\d{1,9}$/.test(timeoutParam)) {
      return bad(
        `invalid timeoutSeconds: ${JSON.stringify(timeoutParam.slice(0, 64))}`,
      );
    }
    let byLabel: ((o: K8sObject) => boolean) | undefined;
    let byField: ((o: K8sObject) => boolean) | undefined;
    try {
      const labelSelector = params.get('labelSelector');
      const fieldSelector = params.get('fieldSelector');
      byLabel = labelSelector ? parseLabelSelector(labelSelector) : undefined;
      byField = fieldSelector ? parseFieldSelector(fieldSelector) : undefined;
    } catch (e) {
      if (e instanceof SelectorError) {
        return bad(e.message);
      }
      throw e;
    }
    const flag = params.get('allowWatchBookmarks');
    return {
      code: 200,
      body: '',
      watch: {
        key: def.key!,
        kind: def.kind,
        apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
        matches: o =>
          (namespace === undefined || o.metadata.namespace === namespace) &&
          (!byLabel || byLabel(o)) &&
          (!byField || byField(o)),
        resourceVersion: rvParam === '' ? undefined : Number(rvParam),
        bookmarks: flag !== null && !/^(0|f|false)?$/i.test(flag),
        timeoutMs:
          (timeoutParam !== null && Number(timeoutParam) > 0
            ? Number(timeoutParam)
            : DEFAULT_WATCH_TIMEOUT_S) * 1000,
      },
    };
  }

  /**
   * `POST /demo/changes?kind=scale-up[&kind=...]`: a live change now, for
   * tests and demos (admin token only; not part of the Kubernetes API).
   */
  function demoChange(
    req: http.IncomingMessage,
    params: URLSearchParams,
    role: TokenRole,
  ): Reply {
    if (req.method !== 'POST') {
      return {
        code: 405,
        body: status(405, 'MethodNotAllowed', 'use POST /demo/changes'),
      };
    }
    if (role !== 'admin') {
      return {
        code: 403,
        body: status(
          403,
          'Forbidden',
          'only the admin token may change the demo cluster',
        ),
      };
    }
    const kinds = params.getAll('kind');
    const unknown = kinds.find(
      k => !LIVE_CHANGES.includes(k as LiveChangeKind),
    );
    if (kinds.length === 0 || kinds.length > 100 || unknown !== undefined) {
      return {
        code: 400,
        body: status(
          400,
          'BadRequest',
          `kind must be 1 to 100 of ${LIVE_CHANGES.join(', ')}${
            unknown !== undefined
              ? `; got ${JSON.stringify(unknown.slice(0, 64))}`
              : ''
          }`,
        ),
      };
    }
    return {
      code: 200,
      body: JSON.stringify(applyChanges(kinds as LiveChangeKind[])),
    };
  }

  // Picks up state changes made elsewhere (bulk churn, GitOps releases).
  const observer = setInterval(() => hub.observe(), 100);
  observer.unref();

  let liveTimer: NodeJS.Timeout | undefined;
  const perSecond = options.churnPerSecond ?? 0;
  if (perSecond > 0) {
    const tickMs = Math.max(100, Math.min(5000, 1000 / perSecond));
    let credit = 0;
    let last = Date.now();
    const rng = () => Math.random();
    liveTimer = setInterval(() => {
      const now = Date.now();
      credit = Math.min(
        credit + ((now - last) / 1000) * perSecond,
        perSecond * 2 + 1,
      );
      last = now;
      if (credit < 1) return;
      // about 2 objects per change; the hub counts what really changed
      const count = Math.max(1, Math.round(credit / 2.5));
      const kinds: LiveChangeKind[] = [];
      for (let i = 0; i < count; i++) {
        let r = rng();
        const pick = LIVE_CHANGE_WEIGHTS.find(([, w]) => (r -= w) < 0);
        kinds.push(pick ? pick[0] : 'reschedule');
      }
      // (a list remembers the state it serves; 10 states a second would pile up)
      model.liveChanges(kinds);
      credit -= hub.observe();
    }, tickMs);
    liveTimer.unref();
  }

  const server = http.createServer((req, res) => {
    const respond = () => {
      let result: Reply;
      try {
        result = handle(req);
      } catch (e) {
        result = { code: 500, body: status(500, 'InternalError', String(e)) };
      }
      if (result.watch) {
        hub.serve(result.watch, res);
        return;
      }
      res.writeHead(result.code, {
        'Content-Type':
          result.contentType ??
          (result.body.startsWith('{') ? 'application/json' : 'text/plain'),
        'Content-Length': Buffer.byteLength(result.body),
        'Audit-Id': `demo-${Date.now().toString(36)}`,
        'Cache-Control': 'no-cache, private',
      });
      res.end(result.body);
    };
    if (latencyMs > 0) {
      setTimeout(respond, latencyMs);
    } else {
      respond();
    }
  });
  server.keepAliveTimeout = 60_000;

  let churnTimer: NodeJS.Timeout | undefined;
  if (options.churnIntervalMs) {
    churnTimer = setInterval(() => {
      model.churn();
      remember(model.current());
    }, options.churnIntervalMs);
    churnTimer.unref();
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () =>
      resolveListen(),
    );
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${address.address}:${address.port}`,
    model,
    setLatency(ms: number) {
      latencyMs = ms;
    },
    change: applyChanges,
    async close() {
      if (churnTimer) {
        clearInterval(churnTimer);
      }
      clearInterval(liveTimer);
      clearInterval(observer);
      hub.closeAll();
      server.closeAllConnections();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}
