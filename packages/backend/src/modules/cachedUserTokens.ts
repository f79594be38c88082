import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { DefaultHttpAuthService } from '@backstage/backend-defaults/httpAuth';
import { createHash } from 'node:crypto';

/**
 * How long a verified user token is trusted without checking its signature
 * again (never past its own expiry). Bounds how long a token signed with a
 * key the auth backend has since withdrawn keeps working.
 */
export const VERIFIED_TOKEN_TTL_MS = 60_000;

/** Bound on the cache: a burst of distinct tokens cannot grow it without end. */
const MAX_ENTRIES = 10_000;

type Entry = { expiresAt: number; credentials: BackstageCredentials };

/**
 * The auth service with each verified user token remembered, by the SHA-256
 * of the token, until it expires or for {@link VERIFIED_TOKEN_TTL_MS},
 * whichever comes first: the ECDSA signature check of the same token is not
 * repeated on every request. Only tokens that verified as a user acting for
 * themselves are remembered; anything that fails, service and on-behalf-of
 * tokens always go to the delegate.
 */
export class CachedUserTokenAuth implements AuthService {
  private readonly verified = new Map<string, Entry>();

  constructor(
    private readonly delegate: AuthService,
    private readonly ttlMs = VERIFIED_TOKEN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(
    token: string,
    options?: { allowLimitedAccess?: boolean },
  ): Promise<BackstageCredentials> {
    const now = this.now();
    const key = `${
      options?.allowLimitedAccess ? 'limited' : 'full'
    }:${createHash('sha256').update(token).digest('base64')}`;
    const hit = this.verified.get(key);
    if (hit && hit.expiresAt > now) return hit.credentials;
    if (hit) this.verified.delete(key);
    const credentials = await this.delegate.authenticate(token, options);
    const principal = credentials.principal as Partial<BackstageUserPrincipal>;
    const expires = credentials.expiresAt?.getTime();
    if (
      principal.type === 'user' &&
      !principal.actor &&
      expires !== undefined &&
      expires > now
    ) {
      if (this.verified.size >= MAX_ENTRIES) {
        for (const [k, e] of this.verified) {
          if (e.expiresAt <= now) this.verified.delete(k);
        }
        if (this.verified.size >= MAX_ENTRIES) this.verified.clear();
      }
      this.verified.set(key, {
        expiresAt: Math.min(expires, now + this.ttlMs),
        credentials,
      });
    }
    return credentials;
  }

  isPrincipal: AuthService['isPrincipal'] = (credentials, type) =>
    this.delegate.isPrincipal(credentials, type);

  getNoneCredentials(): ReturnType<AuthService['getNoneCredentials']> {
    return this.delegate.getNoneCredentials();
  }

  getOwnServiceCredentials(): ReturnType<
    AuthService['getOwnServiceCredentials']
  > {
    return this.delegate.getOwnServiceCredentials();
  }

  getPluginRequestToken(
    options: Parameters<AuthService['getPluginRequestToken']>[0],
  ): ReturnType<AuthService['getPluginRequestToken']> {
    return this.delegate.getPluginRequestToken(options);
  }

  getLimitedUserToken(
    credentials: Parameters<AuthService['getLimitedUserToken']>[0],
  ): ReturnType<AuthService['getLimitedUserToken']> {
    return this.delegate.getLimitedUserToken(credentials);
  }

  listPublicServiceKeys(): ReturnType<AuthService['listPublicServiceKeys']> {
    return this.delegate.listPublicServiceKeys();
  }
}

/**
 * `coreServices.httpAuth` as Backstage's default (`DefaultHttpAuthService`
 * from `@backstage/backend-defaults/httpAuth`, built as its own factory
 * builds it) over {@link CachedUserTokenAuth}: the requests' user tokens are
 * verified once per token and minute instead of once per request. Plugins'
 * own `coreServices.auth` calls are unchanged.
 */
export const cachedUserTokensHttpAuthServiceFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: {
    auth: coreServices.auth,
    discovery: coreServices.discovery,
    plugin: coreServices.pluginMetadata,
  },
  async factory({ auth, discovery, plugin }) {
    return DefaultHttpAuthService.create({
      auth: new CachedUserTokenAuth(auth),
      discovery,
      pluginId: plugin.getId(),
    });
  },
});

export default cachedUserTokensHttpAuthServiceFactory;
