import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CustomErrorBase,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  BatchAppendResponse,
  ConsistencyProofResponse,
  FairnessRound,
  InclusionProofResponse,
  RoundPage,
  TreeHeadList,
  bytesToHex,
  evidencePackSummary,
  parseTlogPolicy,
  verifyEvidencePack,
  fairnessEvidenceExportPermission,
  fairnessLogReadPermission,
  fairnessRoundIngestPermission,
  fairnessSeedCommitPermission,
  fairnessSeedRevealPermission,
  fairnessTreeHeadSignPermission,
} from '@internal/plugin-fairness-common';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { once } from 'node:events';
import { z } from 'zod';
import { EvidenceExporter } from './service/EvidenceExporter';
import { FairnessLogReader } from './service/FairnessLogReader';
import { LogVerifier } from './service/LogVerifier';
import { RoundIngester } from './service/RoundIngester';
import { TreeHeadPublisher } from './service/TreeHeadPublisher';
import { EvidencePackBuilder } from './service/EvidencePackBuilder';
import { ReceiptBuilder } from './service/ReceiptBuilder';
import { TileReader } from './service/TileReader';
import {
  FirstPageCache,
  SerializedBody,
  serializeBody,
} from './service/FirstPageCache';
import { LogStateReader } from './service/LogStateReader';
import { addTileRoutes } from './tileRoutes';
import { CpuTurns } from './service/CpuTurns';
import {
  batchSchema,
  checkJsonBody,
  commitSchema,
  exportSchema,
  filterSchema,
  packSchema,
  pageSchema,
  parse,
  parseRound,
  queryInt,
  revealSchema,
  searchSchema,
} from './service/validation';

/**
 * Largest request body per route. A batch holds at most 1,000 rounds of
 * well under 1 kB each; anything bigger is refused from its Content-Length
 * before a byte is parsed.
 */
export const BODY_LIMITS = {
  round: '64kb',
  batch: '1mb',
  seed: '16kb',
} as const;

/**
 * How long a cached newest page is served at most (it is keyed by the log
 * state, so new rounds and heads show at once; this bounds rows changed
 * behind the log's back), and how many (one per `limit` asked for).
 */
const FIRST_PAGE_MAX_AGE_MS = 5_000;
const FIRST_PAGE_MAX_ENTRIES = 32;

/** Sends a body serialized once, answering 304 when the client has it. */
function sendSerialized(res: Response, cached: SerializedBody) {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('ETag', cached.etag);
  res.send(cached.body);
}

/** Statuses of the errors this router means to report as they are. */
const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  PayloadTooLargeError: 413,
};

class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  statusCode = 413;
}

/**
 * Parses a JSON body of at most `limit` bytes, then checks its depth and
 * strings. Parse errors are reported without echoing the body.
 */
function readJsonBody(
  req: Request,
  res: Response,
  limit: string,
): Promise<unknown> {
  const parser = express.json({ limit });
  return new Promise((resolve, reject) => {
    parser(req, res, (error?: any) => {
      if (!error) {
        try {
          checkJsonBody(req.body);
          resolve(req.body);
        } catch (invalid) {
          reject(invalid);
        }
      } else if (error.type === 'entity.too.large') {
        reject(
          new PayloadTooLargeError(
            `request body is larger than the ${limit} this route accepts`,
          ),
        );
      } else if (error.type === 'entity.parse.failed') {
        reject(new InputError('request body is not valid JSON'));
      } else {
        reject(new InputError('request body could not be read as JSON'));
      }
    });
  });
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  /** Rounds, seeds, signed heads and proofs. */
  reader: FairnessLogReader;
  verifier: LogVerifier;
  evidence: EvidenceExporter;
  /** The game servers' writes: rounds and seeds. */
  ingester: RoundIngester;
  /** An auditor's sign-now (`POST /tree-heads`); the schedule does the rest. */
  treeHeads: Pick<TreeHeadPublisher, 'signTreeHead' | 'witnessLatest'>;
  /** Serves the C2SP tlog-tiles API; left out, those routes do not exist. */
  tiles?: { reader: TileReader; public: boolean };
  /** Serves round receipts (C2SP tlog-proof); left out, that route does not exist. */
  receipts?: ReceiptBuilder;
  /** Serves regulator evidence packs; left out, that route does not exist. */
  packs?: EvidencePackBuilder;
}): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    logger,
    reader,
    verifier,
    evidence,
    ingester,
    treeHeads,
    tiles,
    receipts,
    packs,
  } = options;
  const router = Router();
  const logState = new LogStateReader(reader);
  const turns = new CpuTurns();
  const firstPages = new FirstPageCache({
    maxAgeMs: FIRST_PAGE_MAX_AGE_MS,
    maxEntries: FIRST_PAGE_MAX_ENTRIES,
  });

  async function requirePermission(
    credentials: Parameters<PermissionsService['authorize']>[1]['credentials'],
    permission: BasicPermission,
  ) {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission '${permission.name}'`);
    }
  }

  /**
   * Reads, exports and signing are for signed-in people (the policy grants
   * `fairness.*` to auditors); service tokens are refused outright, because
   * the permission policy never sees service principals.
   */
  async function authorizeUser(req: Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await requirePermission(credentials, permission);
  }

  /**
   * Writes are for game servers: externalAccess tokens restricted to this
   * plugin (their `accessRestrictions` name the permissions each may use).
   * Unrestricted service principals - backend plugins, the shared backend
   * secret - are not game servers. Returns the game server's id, the
   * token's subject, which owns what it writes. Checked before the body is
   * read, so callers without the right get 401/403, not validation feedback.
   */
  async function authorizeGameServer(
    req: Request,
    permission: BasicPermission,
  ): Promise<string> {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    if (!credentials.principal.accessRestrictions) {
      throw new NotAllowedError(
        `'${credentials.principal.subject}' is not a game server: only externalAccess tokens restricted to the fairness plugin may write to the log`,
      );
    }
    await requirePermission(credentials, permission);
    return credentials.principal.subject;
  }

  /** A game server may only report its own rounds. */
  function assertOwnRounds(server: string, rounds: FairnessRound[]) {
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
    const server = await authorizeGameServer(
      req,
      fairnessRoundIngestPermission,
    );
    const round = parseRound(await readJsonBody(req, res, BODY_LIMITS.round));
    assertOwnRounds(server, [round]);
    const [result] = await ingester.ingest([round]);
    logState.wrote();
    res.status(result.duplicate ? 200 : 201).json(result);
  });

  router.post('/rounds/batch', async (req, res) => {
    const server = await authorizeGameServer(
      req,
      fairnessRoundIngestPermission,
    );
    const json = await readJsonBody(req, res, BODY_LIMITS.batch);
    // Validating and encoding 1,000 rounds is the route's heavy part: one
    // batch per event-loop turn, so other requests are not held behind many.
    await turns.next();
    const { rounds: raw } = parse(batchSchema, json);
    const rounds = raw.map((r, i) => parseRound(r, `rounds[${i}]`));
    assertOwnRounds(server, rounds);
    const results = await ingester.ingest(rounds);
    logState.wrote();
    const body: BatchAppendResponse = { results };
    res.status(results.every(r => r.duplicate) ? 200 : 201).json(body);
  });

  router.post('/seeds', async (req, res) => {
    const server = await authorizeGameServer(req, fairnessSeedCommitPermission);
    const body = parse(
      commitSchema,
      await readJsonBody(req, res, BODY_LIMITS.seed),
    );
    if (body.gameServerId !== server) {
      throw new NotAllowedError(
        `gameServerId '${body.gameServerId}' is not the authenticated game server '${server}'`,
      );
    }
    res.status(201).json(await ingester.commitSeed(body));
  });

  router.post('/seeds/reveal', async (req, res) => {
    const server = await authorizeGameServer(req, fairnessSeedRevealPermission);
    const { serverSeedHash, serverSeed } = parse(
      revealSchema,
      await readJsonBody(req, res, BODY_LIMITS.seed),
    );
    res.json(await ingester.revealSeed(serverSeedHash, serverSeed, server));
  });

  router.get('/seeds/:serverSeedHash', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    const { serverSeedHash } = parse(
      z.object({ serverSeedHash: filterSchema.shape.serverSeedHash.unwrap() }),
      req.params,
    );
    res.json(await reader.getSeed(serverSeedHash));
  });

  router.get('/rounds', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    const { limit, before, ...filter } = parse(searchSchema, req.query);
    if (
      before === undefined &&
      Object.values(filter).every(v => v === undefined)
    ) {
      // The Audit log's first page: the same for every reader at a given
      // log state, so it is read and serialized once per state.
      const { treeSize, head } = await logState.read();
      const signedTreeSize = head?.treeSize ?? 0;
      const page = await firstPages.get(
        `rounds:${limit}:${treeSize}:${signedTreeSize}`,
        async () => {
          const items = await reader.searchRounds({
            limit,
            leafIndexBelow: treeSize,
          });
          const body: RoundPage = {
            items,
            total: treeSize,
            signedTreeSize,
            next:
              items.length === limit ? items[items.length - 1].leafIndex : null,
          };
          return serializeBody(body);
        },
      );
      sendSerialized(res, page);
      return;
    }
    const [items, total, head] = await Promise.all([
      reader.searchRounds({ ...filter, limit, beforeLeafIndex: before }),
      reader.countRounds(filter),
      reader.latestTreeHead(),
    ]);
    const body: RoundPage = {
      items,
      total,
      // rounds at or past this leaf index are newer than the last signed head
      signedTreeSize: head?.treeSize ?? 0,
      next: items.length === limit ? items[items.length - 1].leafIndex : null,
    };
    res.json(body);
  });

  router.get('/rounds/:roundId', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    res.json(await reader.getRound(req.params.roundId));
  });

  if (receipts) {
    router.get('/rounds/:roundId/receipt', async (req, res) => {
      await authorizeUser(req, fairnessLogReadPermission);
      const text = await receipts.build(req.params.roundId);
      const name = req.params.roundId.replace(/[^A-Za-z0-9_.-]/g, '_');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="round-${name}.tlog-proof"`,
      );
      res.type('text/plain; charset=utf-8').send(text);
    });
  }

  router.get('/rounds/:roundId/verification', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    res.json(await verifier.verifyRound(req.params.roundId));
  });

  router.get('/verification/rounds', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
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
    res.json(await verifier.verifyRounds(filter, { after, limit }));
  });

  router.get('/verification/log', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    const page = parse(pageSchema, req.query);
    res.json(await verifier.verifyLog(page));
  });

  router.get('/proofs/inclusion', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    const query = parse(
      z.object({ leafIndex: queryInt(), treeSize: queryInt({ min: 1 }) }),
      req.query,
    );
    const size = (await reader.latestTreeHead())?.treeSize ?? 0;
    if (query.leafIndex >= query.treeSize || query.treeSize > size) {
      throw new InputError(
        `leafIndex ${query.leafIndex} must be below treeSize ${query.treeSize}, which must not exceed the signed size ${size}`,
      );
    }
    const proof = await reader.inclusionProof(query.leafIndex, query.treeSize);
    const body: InclusionProofResponse = {
      ...query,
      proof: proof.map(bytesToHex),
    };
    res.json(body);
  });

  router.get('/proofs/consistency', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    const query = parse(
      z.object({ from: queryInt(), to: queryInt() }),
      req.query,
    );
    const size = (await reader.latestTreeHead())?.treeSize ?? 0;
    if (query.from > query.to || query.to > size) {
      throw new InputError(
        `need from <= to <= ${size}, got from=${query.from} to=${query.to}`,
      );
    }
    const proof = await reader.consistencyProof(query.from, query.to);
    const body: ConsistencyProofResponse = {
      ...query,
      proof: proof.map(bytesToHex),
    };
    res.json(body);
  });

  router.get('/tree-heads/latest', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    const head = await reader.requireTreeHead();
    res.type('text/plain; charset=utf-8').send(head.note);
  });

  router.get('/tree-heads', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    const { limit } = parse(
      z.object({ limit: queryInt({ min: 1, max: 500 }).default(20) }),
      req.query,
    );
    const { head } = await logState.read();
    // null without witnesses; ok false while the newest head lacks a quorum
    const witnessing = reader.witnessingStatus() ?? null;
    const page = await firstPages.get(
      `tree-heads:${limit}:${head?.id ?? 0}:${
        head?.anchor?.txHash ?? ''
      }:${JSON.stringify(witnessing)}`,
      async () => {
        const body: TreeHeadList = {
          origin: reader.origin,
          verifierKey: reader.verifierKey,
          anchoring: reader.anchoring ? 'configured' : 'not configured',
          witnessing,
          items: head ? await reader.listTreeHeads(limit) : [],
        };
        return serializeBody(body);
      },
    );
    sendSerialized(res, page);
  });

  /**
   * An auditor signs now rather than waiting for the schedule: 201 with the
   * new head when the log grew, 200 with the latest head when it did not.
   */
  router.post('/tree-heads', async (req, res) => {
    await authorizeUser(req, fairnessTreeHeadSignPermission);
    const signed = await treeHeads.signTreeHead();
    logState.wrote();
    // publish it now too when witnesses are configured
    await treeHeads.witnessLatest();
    if (signed) {
      res.status(201).json(signed);
    } else {
      res.json(await reader.requireTreeHead());
    }
  });

  router.get('/public-key', async (req, res) => {
    await authorizeUser(req, fairnessLogReadPermission);
    res.type('text/plain; charset=utf-8').send(`${reader.verifierKey}\n`);
  });

  router.get('/evidence', async (req, res) => {
    await authorizeUser(req, fairnessEvidenceExportPermission);
    const { consistencyFrom, after, limit, ...filter } = parse(
      exportSchema,
      req.query,
    );
    const scope = Object.entries(filter)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    if (!scope) {
      throw new InputError(
        'give roundId, serverSeedHash, playerId, game or a from/to time range to export',
      );
    }
    const chunks = evidence.exportEvidence(filter, {
      consistencyFrom,
      after,
      limit,
      scope,
    });
    // The first chunk comes only once the export is known to succeed.
    const first = await chunks.next();
    const name = `fairness-evidence-${(
      filter.roundId ??
      filter.serverSeedHash?.slice(0, 12) ??
      'range'
    ).replace(/[^A-Za-z0-9_.-]/g, '_')}.json`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.type('application/json; charset=utf-8');
    res.write(first.value ?? '');
    for await (const chunk of chunks) {
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  });

  if (packs) {
    /**
     * The regulator evidence pack (fairness-evidence-pack/v1, signed with
     * the log's key), streamed; `format=markdown` answers its readable
     * summary instead, after verifying the pack as an auditor would.
     */
    router.get('/evidence-pack', async (req, res) => {
      await authorizeUser(req, fairnessEvidenceExportPermission);
      const { after, limit, format, ...scope } = parse(packSchema, req.query);
      const describe = Object.entries(scope)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const lines = packs.build(scope, { after, limit }, describe);
      const first = await lines.next();
      const name = `fairness-evidence-pack-${(
        scope.playerId ??
        scope.gameServerId ??
        scope.from!.slice(0, 10)
      ).replace(/[^A-Za-z0-9_.-]/g, '_')}`;
      if (format === 'markdown') {
        let text = first.value ?? '';
        for await (const chunk of lines) text += chunk;
        const pack = verifyEvidencePack(
          text,
          parseTlogPolicy(`log ${reader.verifierKey}\nquorum none\n`),
        );
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="${name}.md"`,
        );
        res
          .type('text/markdown; charset=utf-8')
          .send(evidencePackSummary(pack));
        return;
      }
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${name}.ndjson"`,
      );
      res.type('application/x-ndjson; charset=utf-8');
      res.write(first.value ?? '');
      for await (const chunk of lines) {
        if (!res.write(chunk)) await once(res, 'drain');
      }
      res.end();
    });
  }

  if (tiles) {
    addTileRoutes(router, {
      httpAuth,
      permissions,
      tiles: tiles.reader,
      publicTiles: tiles.public,
    });
  }

  /**
   * Errors leave this router without stack traces (they name server paths)
   * and without request bodies; unexpected ones are logged in full and
   * answered with a generic message.
   */
  router.use(
    (
      error: Error & { status?: unknown },
      req: Request,
      res: Response,
      _next: express.NextFunction,
    ) => {
      const known = STATUS_BY_NAME[error?.name];
      const status =
        known ??
        (typeof error?.status === 'number' &&
        error.status >= 400 &&
        error.status < 500
          ? error.status
          : 500);
      if (status >= 500 || res.headersSent) {
        logger.error(`fairness ${req.method} ${req.path} failed`, error);
      }
      if (res.headersSent) {
        // A streamed export failed half way: cut the response so the
        // client sees a broken download, never a valid-looking partial one.
        res.destroy();
        return;
      }
      res.status(status).json({
        error: {
          name: status >= 500 ? 'Error' : error.name,
          message:
            status >= 500
              ? 'The fairness log could not answer this request; the backend log has the details'
              : error.message,
        },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: status },
      });
    },
  );

  return router;
}
