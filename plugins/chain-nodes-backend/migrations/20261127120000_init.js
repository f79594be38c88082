// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('chain_node_probes', table => {
    table.comment(
      'Every probe of every chain node, kept for retention.rawHours',
    );
    table.bigIncrements('id').primary();
    table
      .string('node_ref', 255)
      .notNullable()
      .comment('Entity ref of the chain-node Resource');
    table
      .bigInteger('probed_at')
      .notNullable()
      .comment('Probe time, unix milliseconds');
    table
      .string('state', 16)
      .notNullable()
      .comment('healthy, degraded or down');
    table
      .text('reasons')
      .notNullable()
      .comment('JSON array of reasons in words');
    table
      .integer('latency_ms')
      .nullable()
      .comment('Slowest JSON-RPC round trip');
    table.bigInteger('chain_id').nullable().comment('eth_chainId');
    table.bigInteger('block_number').nullable().comment('eth_blockNumber');
    table
      .bigInteger('chain_head')
      .nullable()
      .comment('Highest block across the chain at probe time');
    table
      .bigInteger('blocks_behind')
      .nullable()
      .comment('chain_head - block_number');
    table
      .integer('peer_count')
      .nullable()
      .comment('net_peerCount; null if not reported');
    table.boolean('syncing').nullable().comment('eth_syncing != false');
    table
      .integer('block_age_s')
      .nullable()
      .comment('Age of the latest block in seconds');
    table.index(['node_ref', 'probed_at'], 'chain_node_probes_node_time_idx');
    table.index(['probed_at'], 'chain_node_probes_time_idx');
  });

  await knex.schema.createTable('chain_node_rollups', table => {
    table.comment('Hourly down-sampled probes, kept for retention.rollupDays');
    table
      .string('node_ref', 255)
      .notNullable()
      .comment('Entity ref of the chain-node Resource');
    table
      .bigInteger('bucket_start')
      .notNullable()
      .comment('Start of the hour, unix milliseconds');
    table.integer('samples').notNullable().comment('Probes in the hour');
    table.integer('up_samples').notNullable().comment('Probes not down');
    table.integer('healthy_samples').notNullable().comment('Probes healthy');
    table.float('avg_blocks_behind').nullable();
    table.bigInteger('max_blocks_behind').nullable();
    table.float('avg_peer_count').nullable();
    table.integer('min_peer_count').nullable();
    table.float('avg_latency_ms').nullable();
    table.integer('max_latency_ms').nullable();
    table.primary(['node_ref', 'bucket_start']);
  });

  await knex.schema.createTable('chain_node_status', table => {
    table.comment('Latest probe and hysteresis state per chain node');
    table
      .string('node_ref', 255)
      .primary()
      .comment('Entity ref of the chain-node Resource');
    table
      .string('observed_state', 16)
      .notNullable()
      .comment('State of the latest probe');
    table
      .bigInteger('observed_since')
      .notNullable()
      .comment('First probe of the current observed streak');
    table
      .integer('observed_count')
      .notNullable()
      .comment('Probes in the current observed streak');
    table
      .string('confirmed_state', 16)
      .notNullable()
      .comment('State after hysteresis; changes are events');
    table
      .bigInteger('confirmed_since')
      .notNullable()
      .comment('When confirmed_state began');
    table
      .bigInteger('last_probe_at')
      .notNullable()
      .comment('Unix milliseconds of the latest probe');
    table
      .text('last_result')
      .notNullable()
      .comment('JSON of the latest observation and evaluation');
  });

  await knex.schema.createTable('chain_node_events', table => {
    table.comment('Confirmed state changes of chain nodes');
    table.bigIncrements('id').primary();
    table
      .string('node_ref', 255)
      .notNullable()
      .comment('Entity ref of the chain-node Resource');
    table
      .bigInteger('at')
      .notNullable()
      .comment('Unix milliseconds of the change');
    table.string('from_state', 16).notNullable();
    table.string('to_state', 16).notNullable();
    table
      .text('reasons')
      .notNullable()
      .comment('JSON array of reasons for the new state');
    table.index(['node_ref', 'at'], 'chain_node_events_node_time_idx');
  });

  await knex.schema.createTable('chain_node_meta', table => {
    table.comment(
      'Small plugin-wide values: roll-up watermark, Hetzner snapshot',
    );
    table.string('key', 64).primary();
    table.text('value').notNullable().comment('JSON value');
    table.bigInteger('updated_at').notNullable().comment('Unix milliseconds');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('chain_node_meta');
  await knex.schema.dropTable('chain_node_events');
  await knex.schema.dropTable('chain_node_status');
  await knex.schema.dropTable('chain_node_rollups');
  await knex.schema.dropTable('chain_node_probes');
};
