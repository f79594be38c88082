// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_daily', table => {
    table.comment(
      'Cost per day, source, cluster, team and service; replaced per day and source on every import',
    );
    table.string('date', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table
      .string('source', 32)
      .notNullable()
      .comment('kubernetes, aws or hetzner');
    table
      .string('cluster', 255)
      .notNullable()
      .comment('Cluster or location; empty when the source has none');
    table
      .string('team', 255)
      .notNullable()
      .comment('Group entity ref, __unallocated__ or __idle__');
    table
      .string('service', 255)
      .notNullable()
      .comment('kubernetes-id, cost tag, chain-node name, or __idle__');
    table
      .bigInteger('amount_micros')
      .notNullable()
      .comment('Amount in micro-units of currency');
    table.string('currency', 3).notNullable().comment('ISO 4217 code');
    table
      .boolean('demo')
      .notNullable()
      .defaultTo(false)
      .comment('Backfilled from a demo model, not measured');
    table.primary(['date', 'source', 'cluster', 'team', 'service']);
    table.index(['source', 'date'], 'cost_daily_source_date_idx');
    table.index(['team', 'date'], 'cost_daily_team_date_idx');
  });

  await knex.schema.createTable('cost_k8s_hourly', table => {
    table.comment(
      'Kubernetes allocations per hour; each sample replaces its hour, days are summed from here',
    );
    table.string('hour', 13).notNullable().comment('UTC hour, YYYY-MM-DDTHH');
    table
      .string('cluster', 255)
      .notNullable()
      .comment('Cluster name from the kubernetes config');
    table
      .string('team', 255)
      .notNullable()
      .comment('Group entity ref, __unallocated__ or __idle__');
    table
      .string('service', 255)
      .notNullable()
      .comment('kubernetes-id, namespace/<ns> or __idle__');
    table
      .bigInteger('amount_micros')
      .notNullable()
      .comment('Share of the hour’s node prices, micro-USD');
    table
      .boolean('demo')
      .notNullable()
      .defaultTo(false)
      .comment('Backfilled from the demo cluster model');
    table.primary(['hour', 'cluster', 'team', 'service']);
    table.index(['cluster', 'hour'], 'cost_k8s_hourly_cluster_hour_idx');
  });

  await knex.schema.createTable('cost_what_if', table => {
    table.comment(
      'Latest hourly Graviton/spot savings per cluster, team and scenario',
    );
    table.string('cluster', 255).notNullable();
    table
      .string('team', 255)
      .notNullable()
      .comment('Group entity ref, __unallocated__ or __idle__');
    table
      .string('scenario', 32)
      .notNullable()
      .comment('graviton, spot or graviton-spot');
    table
      .bigInteger('savings_micros_per_hour')
      .notNullable()
      .comment('Saving per hour, micro-USD');
    table
      .string('hour', 13)
      .notNullable()
      .comment('UTC hour of the allocation it came from');
    table.primary(['cluster', 'team', 'scenario']);
  });

  await knex.schema.createTable('cost_source_runs', table => {
    table.comment('Latest import of each source');
    table.string('source', 32).primary();
    table.string('at', 30).notNullable().comment('ISO time of the import');
    table.boolean('ok').notNullable();
    table.text('error').nullable().comment('Why it failed, in words');
    table.integer('days').notNullable().defaultTo(0).comment('Days written');
    table.integer('rows').notNullable().defaultTo(0).comment('Rows written');
    table
      .text('unpriced_json')
      .nullable()
      .comment('JSON { kind: count } of things without a price');
  });

  await knex.schema.createTable('cost_budget_alerts', table => {
    table.comment('Budget notifications already sent, one per team and month');
    table.string('team', 255).notNullable();
    table.string('month', 7).notNullable().comment('YYYY-MM');
    table.string('sent_at', 30).notNullable();
    table.primary(['team', 'month']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_budget_alerts');
  await knex.schema.dropTable('cost_source_runs');
  await knex.schema.dropTable('cost_what_if');
  await knex.schema.dropTable('cost_k8s_hourly');
  await knex.schema.dropTable('cost_daily');
};
