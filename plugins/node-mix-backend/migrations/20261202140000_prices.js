// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('node_mix_prices', table => {
    table.comment(
      'EC2 prices read from AWS: on-demand from the Price List API, spot from DescribeSpotPriceHistory',
    );
    table.string('kind', 16).notNullable().comment("'on-demand' or 'spot'");
    table.string('region', 64).notNullable().comment('AWS region');
    table
      .string('zone', 64)
      .notNullable()
      .defaultTo('')
      .comment("Availability zone of a spot price; '' for on-demand");
    table
      .string('instance_type', 64)
      .notNullable()
      .comment('EC2 instance type, e.g. m7g.xlarge');
    table
      .double('usd_per_hour')
      .notNullable()
      .comment('List price in USD per hour (Linux, shared tenancy)');
    table
      .timestamp('read_at', { useTz: true })
      .notNullable()
      .comment('When the portal read the price from AWS');
    table.primary(
      ['kind', 'region', 'zone', 'instance_type'],
      'node_mix_prices_pk',
    );
  });

  await knex.schema.createTable('node_mix_price_refresh', table => {
    table.comment('The last price refresh of each kind and region');
    table.string('kind', 16).notNullable().comment("'on-demand' or 'spot'");
    table.string('region', 64).notNullable().comment('AWS region');
    table
      .timestamp('last_attempt_at', { useTz: true })
      .notNullable()
      .comment('When the refresh was last tried');
    table
      .timestamp('last_success_at', { useTz: true })
      .nullable()
      .comment('When prices were last stored');
    table
      .text('error')
      .nullable()
      .comment('Why the last refresh failed; null when it worked');
    table.primary(['kind', 'region'], 'node_mix_price_refresh_pk');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('node_mix_price_refresh');
  await knex.schema.dropTable('node_mix_prices');
};
