import { startTestBackend, mockServices } from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { FairnessRound } from '@internal/plugin-fairness-common';
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
 * A running portal with the fairness plugin, its own empty database, the
 * test log key, real auth and the portal policy's fairness rows.
 */
export async function startPortal(fairness: Record<string, unknown> = {}) {
  const { server } = await startTestBackend({
    features: [
      fairnessPlugin,
      authStandIn,
      permissionStandIn,
      authServiceFactory,
      httpAuthServiceFactory,
      permissionsServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          backend: {
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: {
                    token: GAME_SERVER_TOKEN,
                    subject: 'demo-game-server',
                  },
                  accessRestrictions: [
                    {
                      plugin: 'fairness',
                      permission: [
                        'fairness.round.ingest',
                        'fairness.seed.reveal',
                      ],
                    },
                  ],
                },
              ],
            },
          },
          fairness: { origin: ORIGIN, signingKey: keys.signerKey, ...fairness },
        },
      }),
    ],
  });
  const api = () => request(server);
  return {
    api,
    base: `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/fairness`,
    /** Ingests rounds as the game server and signs a tree head over them. */
    async ingest(rounds: FairnessRound[]) {
      const res = await api()
        .post('/api/fairness/rounds/batch')
        .set('Authorization', `Bearer ${GAME_SERVER_TOKEN}`)
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
