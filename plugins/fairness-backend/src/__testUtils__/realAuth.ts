/*
 * Real authentication for HTTP tests of the fairness routes: user tokens
 * signed with a key a stand-in auth plugin publishes (verified by the real
 * auth service exactly as in production), and a stand-in permission backend
 * with the portal policy's fairness rows.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { generateKeyPairSync, sign } from 'node:crypto';

const userKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const KID = 'test-user-key';
const b64 = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
const es256 = (input: string) =>
  sign('sha256', Buffer.from(input), {
    key: userKey.privateKey,
    dsaEncoding: 'ieee-p1363',
  }).toString('base64url');

/** A `Bearer` user token for `userEntityRef`, as the auth backend issues. */
export function userBearer(userEntityRef: string): string {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 3600;
  const limited = `${b64({
    typ: 'vnd.backstage.limited-user',
    alg: 'ES256',
    kid: KID,
  })}.${b64({ sub: userEntityRef, iat, exp })}`;
  const head = `${b64({
    typ: 'vnd.backstage.user',
    alg: 'ES256',
    kid: KID,
  })}.${b64({
    iss: 'test',
    sub: userEntityRef,
    ent: [userEntityRef],
    aud: 'backstage',
    iat,
    exp,
    uip: es256(limited),
  })}`;
  return `Bearer ${head}.${es256(head)}`;
}

export const AUDITOR = 'user:default/auditor';

/** Publishes the user-token key as the auth backend's JWKS. */
export const authStandIn = createBackendPlugin({
  pluginId: 'auth',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const jwk = {
          ...userKey.publicKey.export({ format: 'jwk' }),
          kid: KID,
          alg: 'ES256',
          use: 'sig',
        };
        const router = express.Router();
        router.get('/.well-known/jwks.json', (_req, res) => {
          res.json({ keys: [jwk] });
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({
          path: '/.well-known/jwks.json',
          allow: 'unauthenticated',
        });
      },
    });
  },
});

/**
 * The portal policy's fairness rows: `fairness.tiles.read` for every user,
 * the rest of `fairness.*` for the auditor only.
 */
export const permissionStandIn = createBackendPlugin({
  pluginId: 'permission',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = express.Router();
        router.use(express.json());
        router.post('/authorize', async (req, res) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user'],
          });
          const user = credentials.principal.userEntityRef;
          res.json({
            items: req.body.items.map((item: any) => ({
              id: item.id,
              result:
                item.permission.name === 'fairness.tiles.read' ||
                (user === AUDITOR &&
                  item.permission.name.startsWith('fairness.'))
                  ? 'ALLOW'
                  : 'DENY',
            })),
          });
        });
        httpRouter.use(router);
      },
    });
  },
});
