// @ts-check

/**
 * Full C2SP tlog-tiles resources (hash tiles and entry bundles) as served,
 * stored the first time they are produced so that every later read returns
 * the very same bytes. Keyed by the resource path, which is also the object
 * key a mirror or an S3 bucket would use. Append-only like the log itself.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tiles', table => {
    table.comment(
      'Full tlog-tiles resources, written once when first produced and never rewritten',
    );
    table
      .string('path', 120)
      .primary()
      .comment('Resource path, e.g. tile/0/x001/234 or tile/entries/005');
    table
      .binary('data')
      .notNullable()
      .comment('The bytes served: 256 hashes, or an entry bundle');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the tile was first produced');
  });
  if (knex.client.config.client === 'pg') {
    // fairness_refuse_change() comes with the init migration.
    await knex.raw(
      'CREATE TRIGGER tiles_append_only BEFORE UPDATE OR DELETE ON tiles FOR EACH ROW EXECUTE FUNCTION fairness_refuse_change()',
    );
    await knex.raw(
      'CREATE TRIGGER tiles_no_truncate BEFORE TRUNCATE ON tiles FOR EACH STATEMENT EXECUTE FUNCTION fairness_refuse_change()',
    );
  } else {
    for (const op of ['UPDATE', 'DELETE']) {
      await knex.raw(
        `CREATE TRIGGER tiles_no_${op.toLowerCase()} BEFORE ${op} ON tiles BEGIN SELECT RAISE(ABORT, 'fairness log table tiles is append-only (${op} refused)'); END`,
      );
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tiles');
};
