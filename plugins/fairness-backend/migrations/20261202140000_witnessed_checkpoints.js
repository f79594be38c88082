// @ts-check

/*
 * Checkpoints the configured witnesses cosigned (C2SP tlog-witness). With
 * witnesses configured, only these are published (GET /checkpoint,
 * receipts); a tree head that did not reach the quorum is never listed.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('witnessed_checkpoints', table => {
    table.comment(
      'Tree heads published with the cosignatures their witness quorum requires',
    );
    table
      .integer('tree_head_id')
      .unsigned()
      .primary()
      .references('id')
      .inTable('tree_heads')
      .comment('The signed tree head that was cosigned');
    table
      .text('note')
      .notNullable()
      .comment('The checkpoint note with the log signature and cosignatures');
    table
      .bigInteger('witnessed_at_ms')
      .notNullable()
      .comment('When the quorum of cosignatures was collected');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('witnessed_checkpoints');
};
