// @ts-check

/**
 * Seed pairs are owned by the game server that committed them (or logged
 * their first round): `seed_pairs.game_server_id` now always holds the
 * authenticated service principal's subject, never a value from the request
 * body, and only that server may append rounds to the pair or reveal its
 * seed. The ownership check looks pairs up by owner, hence the index; the
 * comments record the rule for whoever reads the schema.
 *
 * No data changes: the log tables are append-only (triggers refuse UPDATE),
 * and rows written before this migration keep the game server they named.
 */

// Literal SQL (COMMENT takes no bind parameters); the texts hold no quotes.
const OWNER_COMMENT =
  'Owning game server: the externalAccess subject that committed the pair or logged its first round; only it may append rounds to the pair or reveal its seed';
const PREVIOUS_COMMENT = 'Game server that committed the seed';
const ROUND_COMMENT =
  'Reporting game server; always the owner of the seed pair of the round';
const PREVIOUS_ROUND_COMMENT = 'Reporting game server';

/**
 * @param {import('knex').Knex} knex
 * @param {string} seedPairs
 * @param {string} rounds
 */
async function comment(knex, seedPairs, rounds) {
  await knex.raw(
    `COMMENT ON COLUMN seed_pairs.game_server_id IS '${seedPairs}'`,
  );
  await knex.raw(`COMMENT ON COLUMN rounds.game_server_id IS '${rounds}'`);
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Plain SQL on both engines: knex's SQLite alterTable may rebuild the
  // table, which would drop the append-only triggers.
  await knex.raw(
    'CREATE INDEX seed_pairs_owner_idx ON seed_pairs (game_server_id)',
  );
  // SQLite keeps no comments; knex's .comment() on an existing column would
  // rebuild the table there (dropping the append-only triggers).
  if (knex.client.config.client === 'pg') {
    await comment(knex, OWNER_COMMENT, ROUND_COMMENT);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    await comment(knex, PREVIOUS_COMMENT, PREVIOUS_ROUND_COMMENT);
  }
  await knex.raw('DROP INDEX seed_pairs_owner_idx');
};
