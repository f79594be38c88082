import { BackendFeature } from '@backstage/backend-plugin-api';
import { startTestBackend, mockServices } from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { FairnessRound } from '@internal/plugin-fairness-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { keys, ORIGIN } from './fixtures';
import {
  AUDITOR,
  authStandIn,
  permissionStandIn,
  userBearer,
} from './realAuth';
import { fairnessPlugin } from '../plugin';

/** The game server's externalAccess token: ingest and reveal. */
export const GAME_SERVER_TOKEN = 'portal-game-server-token-0123456789';

/**
 * A static externalAccess token. With `permission` it is restricted to the
 * fairness plugin and those permissions (a game server or a mirror);
 * without, it is an unrestricted service principal.
 */
export type PortalToken = {
  token: string;
  subject: string;
  permission?: string[];
};

/** The demo game server: ingest and reveal, as the portal policy's tests assume. */
const DEFAULT_TOKENS: PortalToken[] = [
  {
    token: GAME_SERVER_TOKEN,
    subject: 'demo-game-server',
    permission: ['fairness.round.ingest', 'fairness.seed.reveal'],
  },
];

/** A started test portal and helpers to talk to it. */
export type TestPortal = {
  server: http.Server;
  api: () => ReturnType<typeof request>;
  stop: () => Promise<void>;
  /** The fairness API's URL, for clients outside supertest. */
  base: string;
  /** Ingests rounds as a game server and signs a tree head over them. */
  ingest(rounds: FairnessRound[], token?: string): Promise<void>;
  reveal(serverSeedHash: string, serverSeed: string): Promise<void>;
};

/**
 * A running portal with the fairness plugin, the test log key, real auth
 * (user tokens verified against a stand-in auth plugin's JWKS, static
 * externalAccess tokens) and the portal policy's fairness rows. Every HTTP
 * test, and the ingest bench, start the plugin through this.
 */
export async function startPortal(
  options: {
    /** Merged over `{ origin, signingKey }` of the test key. */
    fairness?: Record<string, unknown>;
    /** externalAccess tokens; the demo game server's when left out. */
    tokens?: PortalToken[];
    /** `backend.*` config besides auth (the bench sets `database`). */
    backend?: Record<string, unknown>;
    /** Service factories replacing the test ones (the bench: real database, scheduler). */
    services?: BackendFeature[];
  } = {},
): Promise<TestPortal> {
  const backend = await startTestBackend({
    features: [
      fairnessPlugin,
      authStandIn,
      permissionStandIn,
      authServiceFactory,
      httpAuthServiceFactory,
      permissionsServiceFactory,
      ...(options.services ?? []),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          backend: {
            ...options.backend,
            auth: {
              externalAccess: (options.tokens ?? DEFAULT_TOKENS).map(t => ({
                type: 'static',
                options: { token: t.token, subject: t.subject },
                ...(t.permission && {
                  accessRestrictions: [
                    { plugin: 'fairness', permission: t.permission },
                  ],
                }),
              })),
            },
          },
          fairness: {
            origin: ORIGIN,
            signingKey: keys.signerKey,
            ...options.fairness,
          },
        },
      }),
    ],
  });
  const server: http.Server = backend.server;
  const api = () => request(server);
  return {
    server,
    api,
    stop: () => backend.stop(),
    base: `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/fairness`,
    async ingest(rounds: FairnessRound[], token = GAME_SERVER_TOKEN) {
      const res = await api()
        .post('/api/fairness/rounds/batch')
        .set('Authorization', `Bearer ${token}`)
        .send({ rounds });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      const signed = await api()
        .post('/api/fairness/tree-heads')
        .set('Authorization', userBearer(AUDITOR));
      if (signed.status !== 201) throw new Error(JSON.stringify(signed.body));
    },
    async reveal(serverSeedHash: string, serverSeed: string) {
      const res = await api()
        .post('/api/fairness/seeds/reveal')
        .set('Authorization', `Bearer ${GAME_SERVER_TOKEN}`)
        .send({ serverSeedHash, serverSeed });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    },
  };
}
