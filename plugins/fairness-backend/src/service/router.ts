import {
  HttpAuthService,
  PermissionsService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  FairnessRound,
  bytesToHex,
  fairnessEvidenceExportPermission,
  fairnessLogReadPermission,
  fairnessRoundIngestPermission,
  fairnessTreeHeadSignPermission,
} from '@internal/plugin-fairness-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { FairnessLogService } from './FairnessLogService';
import {
  batchSchema,
  commitSchema,
  exportSchema,
  pageSchema,
  parse,
  parseRound,
  revealSchema,
  searchSchema,
  filterSchema,
} from './validation';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  log: FairnessLogService;
}): Promise<express.Router> {
  const { httpAuth, permissions, log } = options;
  const router = Router();
  router.use(express.json({ limit: '5mb' }));

  async function authorize(
    req: Request,
    permission: BasicPermission,
    allow: Array<'user' | 'service'> = ['user', 'service'],
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req, { allow });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission '${permission.name}'`);
    }
    return credentials;
  }

  /**
   * Ingest is for game servers: service principals reporting as themselves.
   * Checked before the body is read, so a user gets 403, not validation
   * feedback. Returns the game server's id (undefined for backend plugins).
   */
  async function authorizeIngest(req: Request): Promise<string | undefined> {
    const credentials = (await authorize(req, fairnessRoundIngestPermission, [
      'service',
    ])) as BackstageCredentials<{
      type: 'service';
      subject: string;
    }>;
    const subject = credentials.principal.subject;
    return subject.startsWith('plugin:')
      ? undefined
      : subject.replace(/^external:/, '');
  }

  /** A game server may only report its own rounds. */
  function assertOwnRounds(
    server: string | undefined,
    rounds: FairnessRound[],
  ) {
    if (server === undefined) return;
    const other = rounds.findIndex(r => r.gameServerId !== server);
    if (other >= 0) {
      throw new NotAllowedError(
        `rounds[${other}].gameServerId '${rounds[other].gameServerId}' is not the authenticated game server '${server}'`,
      );
    }
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post('/rounds', async (req, res) => {
    const server = await authorizeIngest(req);
    const round = parseRound(req.body);
    assertOwnRounds(server, [round]);
    const [result] = await log.ingest([round]);
    res.status(result.duplicate ? 200 : 201).json(result);
  });

  router.post('/rounds/batch', async (req, res) => {
    const server = await authorizeIngest(req);
    const { rounds: raw } = parse(batchSchema, req.body);
    const rounds = raw.map((r, i) => parseRound(r, `rounds[${i}]`));
    assertOwnRounds(server, rounds);
    const results = await log.ingest(rounds);
    res.status(results.every(r => r.duplicate) ? 200 : 201).json({ results });
  });

  router.post('/seeds', async (req, res) => {
    const server = await authorizeIngest(req);
    const body = parse(commitSchema, req.body);
    assertOwnRounds(server, [
      { gameServerId: body.gameServerId } as FairnessRound,
    ]);
    res.status(201).json(await log.commitSeed(body));
  });

  router.post('/seeds/reveal', async (req, res) => {
    await authorizeIngest(req);
    const { serverSeedHash, serverSeed } = parse(revealSchema, req.body);
    res.json(await log.revealSeed(serverSeedHash, serverSeed));
  });

  router.get('/seeds/:serverSeedHash', async (req, res) => {
    const { serverSeedHash } = parse(
      z.object({ serverSeedHash: filterSchema.shape.serverSeedHash.unwrap() }),
      req.params,
    );
    await authorize(req, fairnessLogReadPermission);
    res.json(await log.getSeed(serverSeedHash));
  });

  router.get('/rounds', async (req, res) => {
    const { limit, before, ...filter } = parse(searchSchema, req.query);
    await authorize(req, fairnessLogReadPermission);
    const items = await log.searchRounds({
      ...filter,
      limit,
      beforeLeafIndex: before,
    });
    res.json({
      items,
      next: items.length === limit ? items[items.length - 1].leafIndex : null,
    });
  });

  router.get('/rounds/:roundId', async (req, res) => {
    await authorize(req, fairnessLogReadPermission);
    res.json(await log.getRound(req.params.roundId));
  });

  router.get('/rounds/:roundId/verification', async (req, res) => {
    await authorize(req, fairnessLogReadPermission);
    res.json(await log.verifyRound(req.params.roundId));
  });

  router.get('/verification/rounds', async (req, res) => {
    const { after, limit, ...filter } = parse(
      filterSchema.merge(pageSchema),
      req.query,
    );
    if (
      !filter.serverSeedHash &&
      !filter.from &&
      !filter.to &&
      !filter.playerId &&
      !filter.game
    ) {
      throw new InputError(
        'give serverSeedHash or a from/to time range to verify',
      );
    }
    await authorize(req, fairnessLogReadPermission);
    res.json(await log.verifyRounds(filter, { after, limit }));
  });

  router.get('/verification/log', async (req, res) => {
    const page = parse(pageSchema, req.query);
    await authorize(req, fairnessLogReadPermission);
    res.json(await log.verifyLog(page));
  });

  router.get('/proofs/inclusion', async (req, res) => {
    const query = parse(
      z.object({
        leafIndex: z.coerce.number().int().nonnegative(),
        treeSize: z.coerce.number().int().positive(),
      }),
      req.query,
    );
    await authorize(req, fairnessLogReadPermission);
    const size = await log.latestTreeHead();
    if (query.leafIndex >= query.treeSize || query.treeSize > size.treeSize) {
      throw new InputError(
        `leafIndex ${query.leafIndex} must be below treeSize ${query.treeSize}, which must not exceed the signed size ${size.treeSize}`,
      );
    }
    const proof = await log.inclusionProof(query.leafIndex, query.treeSize);
    res.json({ ...query, proof: proof.map(bytesToHex) });
  });

  router.get('/proofs/consistency', async (req, res) => {
    const query = parse(
      z.object({
        from: z.coerce.number().int().nonnegative(),
        to: z.coerce.number().int().nonnegative(),
      }),
      req.query,
    );
    await authorize(req, fairnessLogReadPermission);
    const head = await log.latestTreeHead();
    if (query.from > query.to || query.to > head.treeSize) {
      throw new InputError(
        `need from <= to <= ${head.treeSize}, got from=${query.from} to=${query.to}`,
      );
    }
    const proof = await log.consistencyProof(query.from, query.to);
    res.json({ ...query, proof: proof.map(bytesToHex) });
  });

  router.get('/tree-heads/latest', async (req, res) => {
    await authorize(req, fairnessLogReadPermission);
    const head = await log.latestTreeHead();
    res.type('text/plain; charset=utf-8').send(head.note);
  });

  router.get('/tree-heads', async (req, res) => {
    const { limit } = parse(
      z.object({ limit: z.coerce.number().int().min(1).max(500).default(20) }),
      req.query,
    );
    await authorize(req, fairnessLogReadPermission);
    res.json({
      origin: log.origin,
      verifierKey: log.verifierKey,
      anchoring: log.anchoring ? 'configured' : 'not configured',
      items: await log.listTreeHeads(limit),
    });
  });

  router.post('/tree-heads', async (req, res) => {
    await authorize(req, fairnessTreeHeadSignPermission);
    const head = (await log.signTreeHead({ force: true }))!;
    res.status(201).json(head);
  });

  router.get('/public-key', async (req, res) => {
    await authorize(req, fairnessLogReadPermission);
    res.type('text/plain; charset=utf-8').send(`${log.verifierKey}\n`);
  });

  router.get('/evidence', async (req, res) => {
    const { consistencyFrom, ...filter } = parse(exportSchema, req.query);
    const scope = Object.entries(filter)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    if (!scope) {
      throw new InputError(
        'give roundId, serverSeedHash, playerId, game or a from/to time range to export',
      );
    }
    await authorize(req, fairnessEvidenceExportPermission);
    const bundle = await log.exportEvidence(filter, { consistencyFrom, scope });
    const name = `fairness-evidence-${(
      filter.roundId ??
      filter.serverSeedHash?.slice(0, 12) ??
      'range'
    ).replace(/[^A-Za-z0-9_.-]/g, '_')}.json`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.json(bundle);
  });

  return router;
}
