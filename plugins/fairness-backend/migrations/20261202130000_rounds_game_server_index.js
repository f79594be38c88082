// @ts-check

/*
 * Auditors browse the log by game server: an index for that filter (player,
 * game and time have theirs since the first migration). Plain CREATE/DROP
 * INDEX: knex's SQLite alterTable would rebuild the table and drop the
 * append-only triggers.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX rounds_game_server_idx ON rounds (game_server_id, leaf_index)',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX rounds_game_server_idx');
};
