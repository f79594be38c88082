// @ts-check

/**
 * The provably-fair log is append-only at every level: these tables accept
 * INSERT only; triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL)
 * so that not even a bug in the portal can rewrite history.
 */
const LOG_TABLES = [
  'seed_pairs',
  'seed_reveals',
  'rounds',
  'tree_nodes',
  'tree_heads',
  'anchors',
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('seed_pairs', table => {
    table.comment(
      'Server seed commitments (sha256 of the server seed) with their client seed',
    );
    table
      .string('server_seed_hash', 64)
      .primary()
      .comment('Lowercase hex sha256(serverSeed), published before use');
    table
      .string('client_seed', 200)
      .notNullable()
      .comment('The player-supplied client seed of this pair');
    table
      .string('game_server_id', 200)
      .notNullable()
      .comment('Game server that committed the seed');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the commitment was recorded');
  });

  await knex.schema.createTable('seed_reveals', table => {
    table.comment(
      'Revealed server seeds; a pair takes no more rounds once revealed',
    );
    table
      .string('server_seed_hash', 64)
      .primary()
      .references('server_seed_hash')
      .inTable('seed_pairs')
      .comment('The commitment this seed opens');
    table
      .text('server_seed')
      .notNullable()
      .comment('The revealed server seed, hashing to server_seed_hash');
    table
      .timestamp('revealed_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the seed was revealed');
  });

  await knex.schema.createTable('rounds', table => {
    table.comment(
      'Every accepted game round; each row is one leaf of the RFC 9162 Merkle tree',
    );
    table
      .bigInteger('leaf_index')
      .primary()
      .comment('0-based position of the round in the Merkle tree');
    table
      .string('round_id', 200)
      .notNullable()
      .unique()
      .comment('Game server round id');
    table
      .string('game', 16)
      .notNullable()
      .comment('dice, limbo, roulette, plinko, keno, mines or crash');
    table
      .text('game_params')
      .notNullable()
      .comment('Canonical JSON of player choices (rows/risk, mines)');
    table
      .string('game_server_id', 200)
      .notNullable()
      .comment('Reporting game server');
    table.string('player_id', 200).notNullable().comment('Player pseudonym');
    table
      .string('server_seed_hash', 64)
      .notNullable()
      .references('server_seed_hash')
      .inTable('seed_pairs')
      .comment('Seed commitment the round was played under');
    table
      .string('client_seed', 200)
      .notNullable()
      .comment('Client seed of the pair');
    table
      .bigInteger('nonce')
      .notNullable()
      .comment('Bet counter within the seed pair');
    table
      .text('result')
      .notNullable()
      .comment('Canonical JSON of the result the game server reported');
    table
      .bigInteger('wager_minor')
      .notNullable()
      .comment('Wager in minor units of currency');
    table
      .bigInteger('payout_minor')
      .notNullable()
      .comment('Payout in minor units of currency');
    table.string('currency', 8).notNullable().comment('Currency code');
    table
      .string('played_at', 30)
      .notNullable()
      .comment('ISO 8601 UTC time of the bet, exactly as encoded in the leaf');
    table
      .string('leaf_hash', 64)
      .notNullable()
      .comment('hashLeaf(canonical JSON of the round), lowercase hex');
    table
      .timestamp('ingested_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the portal accepted the round');
    table.unique(['server_seed_hash', 'nonce'], {
      indexName: 'rounds_seed_nonce_uniq',
    });
    table.index(['player_id'], 'rounds_player_idx');
    table.index(['game'], 'rounds_game_idx');
    table.index(['played_at'], 'rounds_played_at_idx');
  });

  await knex.schema.createTable('tree_nodes', table => {
    table.comment(
      'Hashes of perfect, aligned Merkle subtrees, leaves (level 0) included; written once when complete',
    );
    table
      .integer('level')
      .notNullable()
      .comment('Subtree height; the node covers 2^level leaves');
    table
      .bigInteger('node_index')
      .notNullable()
      .comment(
        'Covers leaves [node_index * 2^level, (node_index + 1) * 2^level)',
      );
    table
      .string('hash', 64)
      .notNullable()
      .comment('Merkle tree hash of the subtree, lowercase hex');
    table.primary(['level', 'node_index']);
  });

  await knex.schema.createTable('tree_heads', table => {
    table.comment('Signed tree heads (C2SP tlog-checkpoint signed notes)');
    table.increments('id').comment('Sequence of signed heads');
    table
      .bigInteger('tree_size')
      .notNullable()
      .comment('Number of leaves covered');
    table
      .string('root_hash', 64)
      .notNullable()
      .comment('Merkle tree hash, lowercase hex');
    table
      .bigInteger('timestamp_ms')
      .notNullable()
      .unique()
      .comment('Signing time, strictly increasing');
    table
      .text('note')
      .notNullable()
      .comment('The signed note as served to verifiers');
    table.index(['tree_size'], 'tree_heads_size_idx');
  });

  await knex.schema.createTable('anchors', table => {
    table.comment('On-chain anchors of signed tree heads');
    table
      .integer('tree_head_id')
      .primary()
      .references('id')
      .inTable('tree_heads')
      .comment('The anchored tree head');
    table
      .string('chain_id', 40)
      .notNullable()
      .comment('eth_chainId of the chain');
    table
      .string('tx_hash', 66)
      .notNullable()
      .comment('Transaction carrying the anchor');
    table
      .string('data', 66)
      .notNullable()
      .comment('0x sha256 of the signed note, the transaction data');
    table
      .timestamp('anchored_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the transaction was sent');
  });

  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION fairness_refuse_change() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'fairness log table % is append-only (% refused)', TG_TABLE_NAME, TG_OP;
      END;
      $$ LANGUAGE plpgsql`);
    for (const name of LOG_TABLES) {
      await knex.raw(
        `CREATE TRIGGER ${name}_append_only BEFORE UPDATE OR DELETE ON ${name} FOR EACH ROW EXECUTE FUNCTION fairness_refuse_change()`,
      );
      await knex.raw(
        `CREATE TRIGGER ${name}_no_truncate BEFORE TRUNCATE ON ${name} FOR EACH STATEMENT EXECUTE FUNCTION fairness_refuse_change()`,
      );
    }
  } else {
    for (const name of LOG_TABLES) {
      for (const op of ['UPDATE', 'DELETE']) {
        await knex.raw(
          `CREATE TRIGGER ${name}_no_${op.toLowerCase()} BEFORE ${op} ON ${name} BEGIN SELECT RAISE(ABORT, 'fairness log table ${name} is append-only (${op} refused)'); END`,
        );
      }
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const name of [...LOG_TABLES].reverse()) {
    await knex.schema.dropTable(name);
  }
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP FUNCTION fairness_refuse_change()');
  }
};
