import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { startWitnessServer } from '@internal/fairness-verify';
import {
  parseCosignerKey,
  parseTlogPolicy,
  verifyCheckpointWithPolicy,
  verifyReceipt,
} from '@internal/plugin-fairness-common';
import { Knex } from 'knex';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  databaseService,
  keys,
  makeRound,
  signer,
} from '../__testUtils__/fixtures';
import { DatabaseFairnessStore } from '../database/DatabaseFairnessStore';
import { createFairnessLog } from './createFairnessLog';
import { ReceiptBuilder } from './ReceiptBuilder';
import { TileReader } from './TileReader';
import { WitnessCosigner } from './WitnessCosigner';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const WITNESS = 'witness.test/w1';

describe.each(databases.eachSupportedId())(
  'witness cosigning on %p',
  databaseId => {
    const servers: http.Server[] = [];
    afterEach(async () => {
      await Promise.all(
        servers.splice(0).map(s => new Promise(r => s.close(r))),
      );
    });

    const tmp = () => path.join(os.tmpdir(), 'fairness-cosign-');

    /** A real `fairness-verify witness` server with its own key and state. */
    async function startWitness(dir = fs.mkdtempSync(tmp())) {
      const witness = await startWitnessServer({
        name: WITNESS,
        keyFile: path.join(dir, 'key'),
        stateFile: path.join(dir, 'state.json'),
        logs: [keys.verifierKey],
      });
      servers.push(witness.server);
      return { ...witness, dir };
    }

    async function witnessedLog(
      witness: { url: string; vkey: string },
      knex?: Knex,
    ) {
      const store = await DatabaseFairnessStore.create({
        database: databaseService(knex ?? (await databases.init(databaseId))),
      });
      const logger = mockServices.logger.mock();
      const log = createFairnessLog({
        store,
        signer,
        logger,
        witnesses: new WitnessCosigner(
          [
            {
              name: WITNESS,
              url: witness.url,
              verifier: () => parseCosignerKey(witness.vkey),
            },
          ],
          1,
        ),
      });
      return { store, log, logger };
    }
    const policyFor = (witnessKey: string) =>
      parseTlogPolicy(
        `log ${keys.verifierKey}\nwitness w1 ${witnessKey}\nquorum w1\n`,
      );

    it('publishes a checkpoint only with the cosignature, and its receipts verify with the quorum', async () => {
      const witness = await startWitness();
      const { store, log } = await witnessedLog(witness);
      await store.appendRounds(
        Array.from({ length: 5 }, (_, n) => makeRound('seed-a', n)),
      );
      await log.treeHeads.signTreeHead();
      // signed but not yet witnessed: nothing is published
      expect(await log.reader.publishedTreeHead()).toBeUndefined();
      await expect(
        new TileReader(store, () =>
          log.reader.publishedTreeHead(),
        ).checkpoint(),
      ).rejects.toThrow(/not signed a checkpoint/);

      expect(await log.treeHeads.witnessLatest()).toEqual({
        ok: true,
        treeSize: 5,
        failures: [],
      });
      const published = await log.reader.publishedTreeHead();
      const policy = policyFor(witness.vkey);
      expect(
        verifyCheckpointWithPolicy(published!.note, policy).cosignedBy,
      ).toEqual(['w1']);

      // the log grows: the witness gets a consistency proof from size 5
      await store.appendRounds(
        Array.from({ length: 4 }, (_, n) => makeRound('seed-a', 5 + n)),
      );
      await log.treeHeads.signTreeHead();
      expect((await log.treeHeads.witnessLatest())?.ok).toBe(true);
      expect((await log.reader.publishedTreeHead())?.treeSize).toBe(9);

      const receipt = await new ReceiptBuilder(store, log.reader).build(
        'seed-a-7',
      );
      expect(verifyReceipt(receipt, policy).index).toBe(7);
      // a policy naming another key for the witness rejects the receipt
      const impostor = await startWitness();
      expect(() => verifyReceipt(receipt, policyFor(impostor.vkey))).toThrow(
        /lacks the policy's quorum 'w1'/,
      );
    });

    it('asks again from the size a witness reports (409) after a restart of the log', async () => {
      const witness = await startWitness();
      const knex = await databases.init(databaseId);
      const first = await witnessedLog(witness, knex);
      await first.store.appendRounds([makeRound('seed-b', 0)]);
      await first.log.treeHeads.signTreeHead();
      await first.log.treeHeads.witnessLatest();
      await first.store.appendRounds([makeRound('seed-b', 1)]);
      await first.log.treeHeads.signTreeHead();

      // a new replica does not know the witness is at size 1: it sends
      // old 0, gets 409 with size 1 and retries with a proof from 1
      const second = await witnessedLog(witness, knex);
      expect(await second.log.treeHeads.witnessLatest()).toEqual({
        ok: true,
        treeSize: 2,
        failures: [],
      });
      expect((await second.log.reader.publishedTreeHead())?.treeSize).toBe(2);
    });

    it('gets no cosignature for a rewritten log: nothing of it is published and the failure shows', async () => {
      const witness = await startWitness();
      const original = await witnessedLog(witness);
      await original.store.appendRounds(
        Array.from({ length: 3 }, (_, n) => makeRound('seed-c', n)),
      );
      await original.log.treeHeads.signTreeHead();
      await original.log.treeHeads.witnessLatest();

      // the same log key over a rewritten history (another database):
      // round 1 changed, then the log grew past the witnessed size
      const rewritten = await witnessedLog(witness);
      await rewritten.store.appendRounds(
        Array.from({ length: 5 }, (_, n) =>
          makeRound('seed-c', n, n === 1 ? { playerId: 'player-2' } : {}),
        ),
      );
      await rewritten.log.treeHeads.signTreeHead();
      const status = await rewritten.log.treeHeads.witnessLatest();
      expect(status?.ok).toBe(false);
      expect(status?.failures.join()).toMatch(
        /422 the checkpoint of size 5 is not consistent with size 3/,
      );
      expect(rewritten.log.treeHeads.witnessingStatus()?.ok).toBe(false);
      expect(rewritten.logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(/did not reach the witness quorum/),
      );
      expect(await rewritten.log.reader.publishedTreeHead()).toBeUndefined();
      await expect(
        new ReceiptBuilder(rewritten.store, rewritten.log.reader).build(
          'seed-c-1',
        ),
      ).rejects.toThrow(/not covered by a published checkpoint/);
    });
  },
);
