// @ts-check

/*
 * Every appended round paid for seven indexes on `rounds`. The one on
 * `game` alone serves no query well: there are seven games, so a game
 * filter matches about a seventh of the log, and the browse routes read it
 * newest first by leaf_index, which the primary key serves (stopping after
 * a page). Dropping it saves PostgreSQL and SQLite one index insert per
 * round. Plain DROP/CREATE INDEX: knex's SQLite alterTable would rebuild
 * the table and drop the append-only triggers.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw('DROP INDEX rounds_game_idx');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('CREATE INDEX rounds_game_idx ON rounds (game)');
};
