// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('node_mix_cluster_state', table => {
    table.comment(
      'Latest refresh of each cluster: when it was tried, its error, and the last good snapshot',
    );
    table
      .string('cluster', 255)
      .primary()
      .notNullable()
      .comment('Cluster name from kubernetes.clusterLocatorMethods');
    table
      .boolean('demo')
      .notNullable()
      .defaultTo(false)
      .comment('The endpoint identified itself as the demo cluster');
    table
      .string('kubernetes_version', 255)
      .nullable()
      .comment('gitVersion from the API server /version');
    table
      .timestamp('last_attempt_at', { useTz: true })
      .nullable()
      .comment('When the last refresh was tried');
    table
      .timestamp('last_success_at', { useTz: true })
      .nullable()
      .comment('When the stored snapshot was read');
    table
      .text('error')
      .nullable()
      .comment('Why the last refresh failed; null when it worked');
    table
      .integer('refresh_duration_ms')
      .nullable()
      .comment('How long the last good refresh took');
    table
      .text('summary', 'longtext')
      .nullable()
      .comment('ClusterSummary JSON of the last good refresh');
    table
      .text('nodes', 'longtext')
      .nullable()
      .comment('NodeRow[] JSON of the last good refresh');
  });

  await knex.schema.createTable('node_mix_history', table => {
    table.comment(
      'Periodic points of each cluster: nodes, capacity, cost, shares',
    );
    table.bigIncrements('id').primary().comment('Row id');
    table.string('cluster', 255).notNullable().comment('Cluster name');
    table
      .timestamp('taken_at', { useTz: true })
      .notNullable()
      .comment('When the point was read from the cluster');
    table.text('metrics').notNullable().comment('HistoryPoint JSON');
    table.index(
      ['cluster', 'taken_at'],
      'node_mix_history_cluster_taken_at_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('node_mix_history');
  await knex.schema.dropTable('node_mix_cluster_state');
};
