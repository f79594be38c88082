import {
  EvidenceBundle,
  FairnessRound,
  gameResult,
  generateNoteKeys,
  hashServerSeed,
  parseSignerKey,
} from '@internal/plugin-fairness-common';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DatabaseFairnessStore } from '../database/DatabaseFairnessStore';
import { createFairnessLog } from '../service/createFairnessLog';

export const ORIGIN = 'test.example/fairness-log';
export const keys = generateNoteKeys(ORIGIN);
export const signer = parseSignerKey(keys.signerKey);

/** A correctly computed round under `serverSeed`. */
export function makeRound(
  serverSeed: string,
  nonce: number,
  overrides: Partial<FairnessRound> = {},
): FairnessRound {
  const clientSeed = overrides.clientSeed ?? 'client-seed';
  const games = ['dice', 'limbo', 'roulette', 'keno'] as const;
  const game = games[nonce % games.length];
  return {
    roundId: `${serverSeed}-${nonce}`,
    game,
    gameParams: {},
    gameServerId: 'demo-game-server',
    playerId: 'player-1',
    serverSeedHash: hashServerSeed(serverSeed),
    clientSeed,
    nonce,
    result: gameResult(game, { serverSeed, clientSeed, nonce }),
    wagerMinor: 100,
    payoutMinor: 0,
    currency: 'EUR',
    playedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, nonce)).toISOString(),
    ...overrides,
  };
}

export function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}

/** The plugin's writers and readers over a fresh store, with the test key. */
export async function createLog(
  knex: Knex,
  options: Omit<
    Parameters<typeof createFairnessLog>[0],
    'store' | 'signer' | 'logger'
  > = {},
) {
  const store = await DatabaseFairnessStore.create({
    database: databaseService(knex),
  });
  const log = createFairnessLog({
    store,
    signer,
    logger: mockServices.logger.mock(),
    ...options,
  });
  return { store, log };
}

/** A log of 20 revealed rounds under one seed ('tamper-seed'), with a signed head. */
export async function seededLog(knex: Knex) {
  const { store, log } = await createLog(knex);
  await store.appendRounds(
    Array.from({ length: 20 }, (_, n) => makeRound('tamper-seed', n)),
  );
  await store.revealSeed(
    hashServerSeed('tamper-seed'),
    'tamper-seed',
    'demo-game-server',
  );
  await log.treeHeads.signTreeHead();
  return { knex, store, log };
}

/** Lets a test edit log tables behind the portal's back. */
export async function disableAppendOnlyTriggers(knex: Knex) {
  const tables = [
    'seed_pairs',
    'seed_reveals',
    'rounds',
    'tree_nodes',
    'tree_heads',
    'anchors',
  ];
  if (knex.client.config.client === 'pg') {
    for (const t of tables)
      await knex.raw(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
  } else {
    for (const t of tables) {
      await knex.raw(`DROP TRIGGER IF EXISTS ${t}_no_update`);
      await knex.raw(`DROP TRIGGER IF EXISTS ${t}_no_delete`);
    }
  }
}

/** Reads a streamed evidence export into the bundle a download would hold. */
export async function readExport(
  chunks: AsyncIterable<string>,
): Promise<EvidenceBundle> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return JSON.parse(text);
}
