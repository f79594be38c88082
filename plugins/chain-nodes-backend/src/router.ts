import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { chainNodesReadPermission } from '@internal/plugin-chain-nodes-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { fromZodError } from 'zod-validation-error';
import { ChainNodesReader } from './service/ChainNodesReader';

const entityRefSchema = z
  .string({ error: 'entityRef is required' })
  .transform((value, ctx) => {
    try {
      const ref = parseEntityRef(value);
      if (ref.kind.toLocaleLowerCase('en-US') !== 'resource') {
        ctx.addIssue({
          code: 'custom',
          message: `entityRef '${value}' is not a Resource`,
        });
        return z.NEVER;
      }
      return stringifyEntityRef(ref);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `entityRef '${value}' is not an entity reference`,
      });
      return z.NEVER;
    }
  });

const nodeQuery = z.object({ entityRef: entityRefSchema });
const historyQuery = z.object({
  entityRef: entityRefSchema,
  window: z.enum(['1h', '24h', '7d', '30d']).default('1h'),
});

/** The parsed query, or a 400 whose message names the field (`at "window"`). */
function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  req: Request,
): z.infer<T> {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) {
    throw new InputError(
      fromZodError(parsed.error, {
        prefix: 'Invalid query parameter',
        forceTitleCase: false,
      }).message,
    );
  }
  return parsed.data;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  reader: Pick<
    ChainNodesReader,
    'getFleetBody' | 'getNodeDetails' | 'getHistory'
  >;
}): Promise<express.Router> {
  const { httpAuth, permissions, reader } = options;
  const router = Router();

  async function authorizedCredentials(req: Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: chainNodesReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read chain-node health (${chainNodesReadPermission.name})`,
      );
    }
    return credentials;
  }

  router.get('/nodes', async (req, res) => {
    const credentials = await authorizedCredentials(req);
    const { json, etag } = await reader.getFleetBody(credentials);
    // Express answers 304 itself when If-None-Match matches this ETag.
    res.set('ETag', etag).type('application/json').send(json);
  });

  router.get('/node', async (req, res) => {
    const credentials = await authorizedCredentials(req);
    const { entityRef } = parseQuery(nodeQuery, req);
    res.json(await reader.getNodeDetails(entityRef, credentials));
  });

  router.get('/node/history', async (req, res) => {
    const credentials = await authorizedCredentials(req);
    const { entityRef, window } = parseQuery(historyQuery, req);
    res.json(await reader.getHistory(entityRef, window, credentials));
  });

  return router;
}
