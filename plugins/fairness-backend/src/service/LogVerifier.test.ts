import { TestDatabases } from '@backstage/backend-test-utils';
import { hashServerSeed } from '@internal/plugin-fairness-common';
import {
  createLog,
  disableAppendOnlyTriggers,
  makeRound,
  seededLog as seededLogOn,
  readExport,
} from '../__testUtils__/fixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('LogVerifier on %p', databaseId => {
  /** A log of 20 revealed rounds under one seed, with a signed head. */
  const seededLog = async () => seededLogOn(await databases.init(databaseId));
  const failuresOf = async (
    log: Awaited<ReturnType<typeof seededLog>>['log'],
  ) => (await log.verifier.verifyLog({ limit: 1000 })).failures;

  it('verifies a round with three passing checks and an untouched log', async () => {
    const { log } = await seededLog();
    const verification = await log.verifier.verifyRound('tamper-seed-7');
    expect(verification.ok).toBe(true);
    expect(verification.checks.commitment.ok).toBe(true);
    expect(verification.checks.result.reason).toMatch(
      /equals the recorded result/,
    );
    expect(verification.checks.inclusion.reason).toMatch(
      /leaf 7 is included in the signed tree head of size 20/,
    );
    expect(verification.checks.inclusion.anchor?.reason).toBe(
      'anchoring is not configured',
    );
    expect(await failuresOf(log)).toEqual([]);
    const page = await log.verifier.verifyRounds(
      { serverSeedHash: hashServerSeed('tamper-seed') },
      { limit: 8 },
    );
    expect(page).toMatchObject({
      checked: 8,
      total: 20,
      failures: [],
      next: 7,
    });
  });

  it('reports an unrevealed seed as pending, not failed', async () => {
    const knex = await databases.init(databaseId);
    const { store, log } = await createLog(knex);
    await store.appendRounds([makeRound('hidden', 0), makeRound('hidden', 1)]);
    const verification = await log.verifier.verifyRound('hidden-0');
    expect(verification.status).toBe('pending');
    expect(verification.checks.commitment).toEqual({
      ok: false,
      pending: true,
      reason: expect.stringContaining(
        `server seed for commitment ${hashServerSeed(
          'hidden',
        )} is still active, not revealed yet`,
      ),
    });
    expect(verification.checks.result).toMatchObject({ pending: true });
    // Reads never sign: the round waits for the next scheduled head.
    expect(verification.checks.inclusion).toEqual({
      ok: false,
      pending: true,
      reason:
        'leaf 0 is not yet covered by a signed tree head: the log has none yet',
    });
    await log.treeHeads.signTreeHead();
    expect(verification.inclusionProof).toBeNull();
    const signed = await log.verifier.verifyRound('hidden-0');
    expect(signed.checks.inclusion.ok).toBe(true);
    // the audit path an auditor can check by hand: the sibling leaf's hash
    expect(signed.inclusionProof).toEqual([
      (await store.getRound('hidden-1'))!.leafHash,
    ]);
    expect(signed.status).toBe('pending');

    const range = await log.verifier.verifyRounds(
      { serverSeedHash: hashServerSeed('hidden') },
      { limit: 10 },
    );
    expect(range).toMatchObject({ checked: 2, pending: 2, failures: [] });
  });

  it('never signs a tree head while reading, and reports newer rounds as not yet covered', async () => {
    const { knex, store, log } = await seededLog();
    await store.appendRounds([makeRound('newer', 0)]);
    const heads = async () =>
      Number((await knex('tree_heads').count({ n: '*' }))[0].n);
    const before = await heads();
    expect(
      (await log.verifier.verifyRound('newer-0')).checks.inclusion.reason,
    ).toMatch(/leaf 20 is not yet covered by a signed tree head/);
    const range = await log.verifier.verifyRounds(
      { playerId: 'player-1' },
      { limit: 100 },
    );
    expect(range).toMatchObject({ checked: 21, notYetCovered: 1 });
    expect(range.failures.filter(f => f.check === 'inclusion')).toEqual([]);
    expect(await log.verifier.verifyLog({ limit: 100 })).toMatchObject({
      checked: 20,
      notYetCovered: 1,
      failures: [],
    });
    const bundle = await readExport(
      log.evidence.exportEvidence(
        { playerId: 'player-1' },
        { scope: 'p', limit: 100 },
      ),
    );
    expect(bundle.rounds).toHaveLength(20);
    expect(bundle.page).toEqual({
      after: null,
      limit: 100,
      next: null,
      notYetCovered: 1,
    });
    await expect(
      readExport(
        log.evidence.exportEvidence(
          { roundId: 'newer-0' },
          { scope: 'r', limit: 1 },
        ),
      ),
    ).rejects.toThrow(/not yet covered by a signed tree head/);
    expect(await heads()).toBe(before);
  });

  it('names the leaf whose result was changed behind the portal', async () => {
    const { knex, log } = await seededLog();
    await disableAppendOnlyTriggers(knex);
    await knex('rounds').where({ leaf_index: 7 }).update({ result: '99.99' });
    const verification = await log.verifier.verifyRound('tamper-seed-7');
    expect(verification.checks.commitment.ok).toBe(true);
    expect(verification.checks.result.ok).toBe(false);
    expect(verification.checks.result.reason).toMatch(
      /differs from the recorded result 99.99/,
    );
    expect(verification.checks.inclusion.ok).toBe(false);
    expect(verification.checks.inclusion.reason).toMatch(
      /does not hash to leaf 7/,
    );
    const failures = await failuresOf(log);
    expect(failures.map(f => [f.leafIndex, f.roundId])).toEqual([
      [7, 'tamper-seed-7'],
    ]);
    expect(failures[0].reason).toMatch(/edited/);
  });

  it('names a deleted leaf', async () => {
    const { knex, log } = await seededLog();
    await disableAppendOnlyTriggers(knex);
    await knex('rounds').where({ leaf_index: 5 }).delete();
    const failures = await failuresOf(log);
    expect(failures).toEqual([
      {
        leafIndex: 5,
        roundId: null,
        check: 'leaf',
        reason: 'leaf 5 is missing: its round was deleted',
      },
    ]);
  });

  it('names a leaf where a forged round was inserted', async () => {
    const { knex, log } = await seededLog();
    await disableAppendOnlyTriggers(knex);
    // Make room at index 10 by moving its round past the end, then insert a forgery there.
    await knex('rounds').where({ leaf_index: 10 }).update({ leaf_index: 99 });
    const forged = makeRound('tamper-seed', 100, { roundId: 'forged' });
    const original = await knex('rounds').where({ leaf_index: 99 }).first();
    await knex('rounds').insert({
      ...original,
      leaf_index: 10,
      round_id: forged.roundId,
      nonce: 100,
      payout_minor: 1_000_000,
    });
    const failures = await failuresOf(log);
    expect(failures.map(f => [f.leafIndex, f.roundId])).toEqual([
      [10, 'forged'],
    ]);
  });

  it('names both leaves of two swapped rows', async () => {
    const { knex, log } = await seededLog();
    await disableAppendOnlyTriggers(knex);
    await knex('rounds').where({ leaf_index: 3 }).update({ leaf_index: 1000 });
    await knex('rounds').where({ leaf_index: 12 }).update({ leaf_index: 3 });
    await knex('rounds').where({ leaf_index: 1000 }).update({ leaf_index: 12 });
    const failures = await failuresOf(log);
    expect(failures.map(f => [f.leafIndex, f.roundId])).toEqual([
      [3, 'tamper-seed-12'],
      [12, 'tamper-seed-3'],
    ]);
    expect(failures[0].reason).toMatch(/swapped/);
  });
});
