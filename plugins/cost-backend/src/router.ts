import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  COST_SOURCES,
  costImportPermission,
  costPlatformReadPermission,
  costTeamReadPermission,
  CostSourceId,
  IDLE,
  UNALLOCATED,
} from '@internal/plugin-cost-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { fromZodError } from 'zod-validation-error';
import {
  CatalogOwners,
  KUBERNETES_ID_ANNOTATION,
  ownerRef,
} from './service/CatalogOwners';
import { CostReader } from './service/CostReader';
import { SerializedResponses } from './service/SerializedResponses';

const daysQuery = z
  .object({ days: z.enum(['30', '90']).default('30').transform(Number) })
  .strict();
/** A Group or Component ref (cost is kept for those), canonical. */
const costEntityRef = z
  .string()
  .min(3)
  .max(400)
  .transform((value, ctx) => {
    let ref;
    try {
      ref = parseEntityRef(value);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'component') {
      ctx.addIssue({
        code: 'custom',
        message: `cost is kept for Groups and Components, not '${ref.kind}'`,
      });
      return z.NEVER;
    }
    return { kind, canonical: stringifyEntityRef(ref) };
  });
const entityQuery = daysQuery.extend({ entityRef: costEntityRef }).strict();
const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,252}$/, 'must be a name');
const teamParams = z.object({ namespace: name, name });
const serviceParams = z.object({ service: name });
const sourceParams = z.object({
  id: z.enum(COST_SOURCES.map(s => s.id) as [CostSourceId, ...CostSourceId[]]),
});

/** The parsed value, or a 400 whose message names the field (`at "days"`). */
function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      fromZodError(result.error, {
        prefix: `Invalid ${where}`,
        forceTitleCase: false,
      }).message,
    );
  }
  return result.data;
}

/** HTTP API of the cost plugin. */
export async function createRouter(options: {
  /** Every view the routes serve. */
  reader: CostReader;
  /** Runs one source's import now (`POST /sources/:id/import`). */
  importSource: (source: CostSourceId) => Promise<void>;
  owners: Pick<CatalogOwners, 'entity'>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { reader, importSource, owners, httpAuth, permissions } = options;
  // No body parser: no route reads a body, so none is parsed or echoed back.
  const router = Router();
  const serialized = new SerializedResponses();

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** `undefined` = every team (platform read); else the teams the caller may read. */
  const readableTeams = async (req: Request): Promise<string[] | undefined> => {
    const credentials = await credentialsOf(req);
    const [platform] = await permissions.authorize(
      [{ permission: costPlatformReadPermission }],
      { credentials },
    );
    if (platform.result === AuthorizeResult.ALLOW) {
      return undefined;
    }
    const teams = await reader.knownTeams();
    const decisions = teams.length
      ? await permissions.authorize(
          teams.map(t => ({
            permission: costTeamReadPermission,
            resourceRef: t,
          })),
          { credentials },
        )
      : [];
    return teams.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
  };

  const authorizeTeam = async (req: Request, team: string) => {
    const credentials = await credentialsOf(req);
    const [platform] = await permissions.authorize(
      [{ permission: costPlatformReadPermission }],
      { credentials },
    );
    if (platform.result === AuthorizeResult.ALLOW) return;
    if (team === IDLE || team === UNALLOCATED) {
      throw new NotAllowedError(
        `Not allowed: ${costPlatformReadPermission.name}`,
      );
    }
    const [decision] = await permissions.authorize(
      [{ permission: costTeamReadPermission, resourceRef: team }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to read the cost of '${team}'`);
    }
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/sources', async (req, res) => {
    const credentials = await credentialsOf(req);
    const [d] = await permissions.authorize(
      [{ permission: costPlatformReadPermission }],
      { credentials },
    );
    if (d.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${costPlatformReadPermission.name}`,
      );
    }
    res.json({ items: await reader.sourceStatuses() });
  });

  router.post('/sources/:id/import', async (req, res) => {
    const { id } = parse(sourceParams, req.params, 'path parameter');
    const credentials = await credentialsOf(req);
    const [d] = await permissions.authorize(
      [{ permission: costImportPermission }],
      { credentials },
    );
    if (d.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${costImportPermission.name}`);
    }
    await importSource(id);
    res.json({ items: await reader.sourceStatuses() });
  });

  router.get('/summary', async (req, res) => {
    const { days } = parse(daysQuery, req.query, 'query parameter');
    const teams = await readableTeams(req);
    // the same summary object for every caller with the same visible teams
    serialized.send(res, await reader.summary(days, teams));
  });

  router.get('/budgets', async (req, res) => {
    parse(z.object({}).strict(), req.query, 'query parameter');
    const teams = await readableTeams(req);
    res.json({ items: await reader.budgets(teams) });
  });

  router.get('/teams/:namespace/:name', async (req, res) => {
    const params = parse(teamParams, req.params, 'path parameter');
    const { days } = parse(daysQuery, req.query, 'query parameter');
    const team = `group:${params.namespace}/${params.name}`.toLocaleLowerCase(
      'en-US',
    );
    await authorizeTeam(req, team);
    res.json(await reader.entityCost({ team }, team, days));
  });

  router.get('/services/:service', async (req, res) => {
    const { service: serviceName } = parse(
      serviceParams,
      req.params,
      'path parameter',
    );
    const { days } = parse(daysQuery, req.query, 'query parameter');
    const teams = await reader.teamsOfService(serviceName);
    if (teams.length === 0) {
      throw new NotFoundError(`No cost recorded for service '${serviceName}'`);
    }
    for (const t of teams) await authorizeTeam(req, t);
    res.json(
      await reader.entityCost(
        { service: serviceName, team: teams[0] },
        serviceName,
        days,
      ),
    );
  });

  // The Group and Component page cards.
  router.get('/entity', async (req, res) => {
    const {
      entityRef: { kind, canonical },
      days,
    } = parse(entityQuery, req.query, 'query parameter');
    // Looked up as the caller: an entity they may not see is not found (404),
    // never "not allowed", which would confirm that it exists.
    const entity = await owners.entity(canonical, await credentialsOf(req));
    if (!entity) {
      throw new NotFoundError(`Unable to find entity '${canonical}'`);
    }
    if (kind === 'group') {
      await authorizeTeam(req, canonical);
      res.json(await reader.entityCost({ team: canonical }, canonical, days));
      return;
    }
    const team = ownerRef(entity);
    if (!team) {
      throw new NotFoundError(`Entity '${canonical}' has no owner`);
    }
    await authorizeTeam(req, team);
    const serviceName =
      entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ??
      entity.metadata.name;
    res.json(
      await reader.entityCost({ service: serviceName, team }, canonical, days),
    );
  });

  return router;
}
