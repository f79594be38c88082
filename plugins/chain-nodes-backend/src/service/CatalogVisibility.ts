import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** How long one user's answer from the catalog is reused. */
export const VISIBILITY_TTL_MS = 5_000;

/**
 * Which chain nodes a caller may see, decided by the catalog itself: one
 * by-refs read with the caller's credentials (the catalog applies its own
 * permission rules, e.g. entities restricted to platform engineers), reused
 * for the same user's token for a few seconds so 50 concurrent page loads
 * cost one catalog round trip instead of 50.
 */
export class CatalogVisibility {
  readonly #cache = new Map<
    string,
    { refsKey: string; expiresAt: number; visible: Promise<Set<string>> }
  >();
  readonly #now: () => number;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      now?: () => number;
      ttlMs?: number;
    },
  ) {
    this.#now = deps.now ?? Date.now;
  }

  /** The subset of `entityRefs` (lower-case full refs) the caller may read. */
  async visibleRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const key = userKey(credentials);
    if (!key) return this.#read(entityRefs, credentials);
    const now = this.#now();
    const refsKey = entityRefs.join('\n');
    const hit = this.#cache.get(key);
    if (hit && hit.expiresAt > now && hit.refsKey === refsKey) {
      return hit.visible;
    }
    for (const [k, entry] of this.#cache) {
      if (entry.expiresAt <= now) this.#cache.delete(k);
    }
    const entry = {
      refsKey,
      expiresAt: now + (this.deps.ttlMs ?? VISIBILITY_TTL_MS),
      visible: this.#read(entityRefs, credentials),
    };
    this.#cache.set(key, entry);
    entry.visible.catch(() => {
      if (this.#cache.get(key) === entry) this.#cache.delete(key);
    });
    return entry.visible;
  }

  async #read(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    if (entityRefs.length === 0) return new Set();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      {
        entityRefs,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    return new Set(
      items.flatMap(entity => (entity ? [stringifyEntityRef(entity)] : [])),
    );
  }
}

/**
 * The cache key of a user's token: the user, who acts for them and when the
 * token expires (a new sign-in or a session refresh after a group change is a
 * new key at once). Undefined for anything but a user: never cached.
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
  const expires = new Date(credentials.expiresAt).getTime();
  if (!Number.isFinite(expires)) return undefined;
  return [
    principal.userEntityRef,
    principal.actor?.subject ?? '',
    expires,
  ].join('\u0000');
}
