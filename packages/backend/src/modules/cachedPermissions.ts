import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  PermissionsService,
  PermissionsServiceRequestOptions,
} from '@backstage/backend-plugin-api';
import {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  AuthorizeResult,
  Permission,
  QueryPermissionRequest,
  QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';

/**
 * How long a user's permission decision is reused. A decision depends on the
 * user's token (its ownership claims decide the roles): a new token (sign-in,
 * refresh after a group change) is a new cache key at once, and no decision
 * outlives this TTL, whatever the policy reads.
 */
export const PERMISSION_DECISION_TTL_MS = 10_000;

/** Bound on the cache: a burst of distinct users cannot grow it without end. */
const MAX_ENTRIES = 10_000;

type Entry<T> = { expiresAt: number; decision: Promise<T> };

/**
 * The default permissions service (an HTTP round trip to the permission
 * backend per call), with each signed-in user's decisions kept for
 * {@link PERMISSION_DECISION_TTL_MS}:
 * - only decisions that depend on nothing but the user and the permission
 *   are reused: basic permissions and conditional decisions (the plugin still
 *   applies the conditions to the resource, e.g. in SQL); an `authorize` for a
 *   specific resource (`resourceRef`) always goes to the permission backend;
 * - denials are never reused, so each one reaches the policy (which audits it);
 * - concurrent requests for the same decision share one round trip;
 * - service principals are not cached (the client decides those locally).
 */
export class CachedPermissionsService implements PermissionsService {
  private readonly definitive = new Map<
    string,
    Entry<AuthorizePermissionResponse>
  >();
  private readonly conditional = new Map<
    string,
    Entry<QueryPermissionResponse>
  >();

  constructor(
    private readonly delegate: PermissionsService,
    private readonly ttlMs = PERMISSION_DECISION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  authorize(
    requests: AuthorizePermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<AuthorizePermissionResponse[]> {
    const principal = userKey(options.credentials);
    if (!principal || requests.some(r => r.resourceRef !== undefined)) {
      return this.delegate.authorize(requests, options);
    }
    return this.cached(
      this.definitive,
      principal,
      requests,
      misses => this.delegate.authorize(misses, options),
      d => d.result === AuthorizeResult.ALLOW,
    );
  }

  authorizeConditional(
    requests: QueryPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<QueryPermissionResponse[]> {
    const principal = userKey(options.credentials);
    if (!principal) {
      return this.delegate.authorizeConditional(requests, options);
    }
    return this.cached(
      this.conditional,
      principal,
      requests,
      misses => this.delegate.authorizeConditional(misses, options),
      d => d.result !== AuthorizeResult.DENY,
    );
  }

  private async cached<R extends { permission: Permission }, T>(
    cache: Map<string, Entry<T>>,
    principal: string,
    requests: R[],
    fetchMisses: (misses: R[]) => Promise<T[]>,
    reusable: (decision: T) => boolean,
  ): Promise<T[]> {
    const now = this.now();
    if (cache.size > MAX_ENTRIES) {
      for (const [key, entry] of cache) {
        if (entry.expiresAt <= now) cache.delete(key);
      }
      if (cache.size > MAX_ENTRIES) cache.clear();
    }
    const keys = requests.map(r => `${principal}\u0000${permissionKey(r)}`);
    const decisions: Array<Promise<T> | undefined> = keys.map(key => {
      const entry = cache.get(key);
      return entry && entry.expiresAt > now ? entry.decision : undefined;
    });
    const misses = requests.filter((_, i) => !decisions[i]);
    if (misses.length) {
      const fetched = fetchMisses(misses);
      let m = 0;
      keys.forEach((key, i) => {
        if (decisions[i]) return;
        const index = m++;
        const decision = fetched.then(all => all[index]);
        decisions[i] = decision;
        const entry = { expiresAt: now + this.ttlMs, decision };
        cache.set(key, entry);
        // Forget failures and decisions that must not be reused (denials).
        decision.then(
          d => {
            if (!reusable(d) && cache.get(key) === entry) cache.delete(key);
          },
          () => {
            if (cache.get(key) === entry) cache.delete(key);
          },
        );
      });
    }
    return Promise.all(decisions as Array<Promise<T>>);
  }
}

/**
 * The cache key of a user's credentials: the user, who acts for them, and
 * when the token expires (a stand-in for the token itself, which the public
 * credentials type does not expose: a token issued later is a new key).
 * Undefined for anything but a user.
 */
function userKey(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as
    | Partial<BackstageUserPrincipal>
    | undefined;
  if (
    principal?.type !== 'user' ||
    !principal.userEntityRef ||
    !credentials.expiresAt
  ) {
    return undefined;
  }
  // Scaffolder task credentials come back from the database with expiresAt
  // as an ISO string rather than a Date; read both, and skip the cache for
  // anything else.
  const expires = new Date(credentials.expiresAt as Date | string).getTime();
  if (!Number.isFinite(expires)) return undefined;
  return [
    principal.userEntityRef,
    principal.actor?.subject ?? '',
    expires,
  ].join('\u0000');
}

function permissionKey(request: { permission: Permission }): string {
  const { permission } = request;
  return JSON.stringify([
    permission.name,
    permission.type,
    permission.type === 'resource' ? permission.resourceType : '',
    permission.attributes,
  ]);
}

/**
 * `coreServices.permissions` with {@link CachedPermissionsService} over the
 * default client (one cache per plugin).
 */
export const cachedPermissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
  },
  async factory({ auth, config, discovery }) {
    return new CachedPermissionsService(
      ServerPermissionClient.fromConfig(config, { auth, discovery }),
    );
  },
});

export default cachedPermissionsServiceFactory;
