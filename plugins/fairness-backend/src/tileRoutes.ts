import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  TileId,
  fairnessEntriesReadPermission,
  fairnessTilesReadPermission,
  parseTileIndex,
} from '@internal/plugin-fairness-common';
import { Request, Response, Router } from 'express';
import { TileReader } from './service/TileReader';

/** Long-lived and immutable: the bytes at a tile path never change. */
const IMMUTABLE = 'max-age=31536000, immutable';
/** tlog-tiles: the checkpoint must not be cached beyond a few seconds. */
const CHECKPOINT_MAX_AGE = 'max-age=2';

function parseTile(level: string, rest: string): TileId {
  const shown = (text: string) => JSON.stringify(text.slice(0, 40));
  const parsed = parseTileIndex(rest);
  if (!parsed) {
    throw new InputError(
      `tile index ${shown(
        rest,
      )} is not a tlog-tiles index (3-digit groups, all but the last prefixed with x, optional .p/<1-255>)`,
    );
  }
  if (level === 'entries') {
    return { level, ...parsed };
  }
  if (!/^(0|[1-9][0-9]?)$/.test(level) || Number(level) > 63) {
    throw new InputError(
      `tile level ${shown(level)} must be 0 to 63 without leading zeros`,
    );
  }
  return { level: Number(level), ...parsed };
}

/**
 * The C2SP tlog-tiles read API: `/checkpoint`, `/tile/<L>/<N>[.p/<W>]` and
 * `/tile/entries/<N>[.p/<W>]`. Checkpoints and hash tiles reveal only hashes:
 * any principal holding `fairness.tiles.read`, or anyone when `publicTiles`.
 * Entry bundles hold the rounds: `fairness.entries.read` only, for users
 * through the policy (auditors) and for mirrors through their
 * externalAccess token's access restrictions.
 */
export function addTileRoutes(
  router: Router,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    tiles: TileReader;
    publicTiles: boolean;
  },
) {
  const { httpAuth, permissions, tiles, publicTiles } = options;

  async function require(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ) {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission '${permission.name}'`);
    }
  }

  async function authorizeHashes(req: Request) {
    if (publicTiles) {
      return;
    }
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await require(credentials, fairnessTilesReadPermission);
  }

  /**
   * Entry bundles: users through the policy; services only with an
   * externalAccess token restricted to the permission (a configured mirror),
   * never merely by being a backend plugin.
   */
  async function authorizeEntries(req: Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (
      credentials.principal.type === 'service' &&
      !credentials.principal.accessRestrictions
    ) {
      throw new NotAllowedError(
        `'${credentials.principal.subject}' is not a configured mirror: entry bundles need an externalAccess token restricted to '${fairnessEntriesReadPermission.name}'`,
      );
    }
    await require(credentials, fairnessEntriesReadPermission);
  }

  function sendTile(res: Response, data: Uint8Array, scope: string) {
    res.setHeader('Cache-Control', `${scope}, ${IMMUTABLE}`);
    res.type('application/octet-stream').send(Buffer.from(data));
  }

  router.get('/checkpoint', async (req, res) => {
    await authorizeHashes(req);
    const note = await tiles.checkpoint();
    res.setHeader(
      'Cache-Control',
      `${publicTiles ? 'public' : 'private'}, ${CHECKPOINT_MAX_AGE}`,
    );
    res.type('text/plain; charset=utf-8').send(note);
  });

  // Before '/tile/:level/*', which would otherwise take 'entries' as a level.
  router.get('/tile/entries/*', async (req, res) => {
    await authorizeEntries(req);
    const tile = parseTile(
      'entries',
      (req.params as Record<string, string>)[0],
    );
    sendTile(res, await tiles.read(tile), 'private');
  });

  router.get('/tile/:level/*', async (req, res) => {
    await authorizeHashes(req);
    const tile = parseTile(
      req.params.level,
      (req.params as Record<string, string>)[0],
    );
    sendTile(res, await tiles.read(tile), publicTiles ? 'public' : 'private');
  });
}
