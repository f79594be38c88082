import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CachedUserTokenAuth } from './cachedUserTokens';

const HOUR = 3_600_000;

function credentials(
  principal: object,
  expiresAt?: Date,
): BackstageCredentials {
  return {
    $$type: '@backstage/BackstageCredentials',
    principal,
    expiresAt,
  } as BackstageCredentials;
}

function setup() {
  let now = 1_000_000;
  const tokens: Record<string, BackstageCredentials> = {
    alice: credentials(
      { type: 'user', userEntityRef: 'user:default/alice' },
      new Date(now + HOUR),
    ),
    bob: credentials(
      { type: 'user', userEntityRef: 'user:default/bob' },
      new Date(now + 30_000),
    ),
    obo: credentials(
      {
        type: 'user',
        userEntityRef: 'user:default/alice',
        actor: { type: 'service', subject: 'plugin:catalog' },
      },
      new Date(now + HOUR),
    ),
    service: credentials({ type: 'service', subject: 'plugin:catalog' }),
  };
  const authenticate = jest.fn(
    async (token: string, options?: { allowLimitedAccess?: boolean }) => {
      const found = tokens[token];
      if (!found || (token === 'bob' && !options?.allowLimitedAccess)) {
        throw new Error('Illegal token');
      }
      return found;
    },
  );
  const auth = new CachedUserTokenAuth(
    { authenticate } as unknown as AuthService,
    60_000,
    () => now,
  );
  return {
    auth,
    authenticate,
    tokens,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('CachedUserTokenAuth', () => {
  it('verifies a user token once, then again after the TTL', async () => {
    const { auth, authenticate, tokens, advance } = setup();
    expect(await auth.authenticate('alice')).toBe(tokens.alice);
    expect(await auth.authenticate('alice')).toBe(tokens.alice);
    expect(authenticate).toHaveBeenCalledTimes(1);
    advance(60_000);
    await auth.authenticate('alice');
    expect(authenticate).toHaveBeenCalledTimes(2);
  });

  it('never trusts a token past its own expiry', async () => {
    const { auth, authenticate, advance } = setup();
    await auth.authenticate('bob', { allowLimitedAccess: true });
    advance(29_999);
    await auth.authenticate('bob', { allowLimitedAccess: true });
    expect(authenticate).toHaveBeenCalledTimes(1);
    advance(1);
    await auth.authenticate('bob', { allowLimitedAccess: true });
    expect(authenticate).toHaveBeenCalledTimes(2);
  });

  it('keeps limited and full access apart, and never remembers a failure', async () => {
    const { auth, authenticate } = setup();
    await auth.authenticate('bob', { allowLimitedAccess: true });
    await expect(auth.authenticate('bob')).rejects.toThrow('Illegal token');
    await expect(auth.authenticate('bob')).rejects.toThrow('Illegal token');
    await expect(auth.authenticate('forged')).rejects.toThrow('Illegal token');
    await expect(auth.authenticate('forged')).rejects.toThrow('Illegal token');
    expect(authenticate).toHaveBeenCalledTimes(5);
  });

  it('always verifies service and on-behalf-of tokens', async () => {
    const { auth, authenticate } = setup();
    for (const token of ['service', 'service', 'obo', 'obo']) {
      await auth.authenticate(token);
    }
    expect(authenticate).toHaveBeenCalledTimes(4);
  });
});
