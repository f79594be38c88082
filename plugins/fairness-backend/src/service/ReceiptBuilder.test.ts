import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  hashServerSeed,
  parseTlogPolicy,
  verifyReceipt,
} from '@internal/plugin-fairness-common';
import { createLog, keys, makeRound } from '../__testUtils__/fixtures';
import { ReceiptBuilder } from './ReceiptBuilder';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const policy = parseTlogPolicy(`log ${keys.verifierKey}\nquorum none\n`);

describe.each(databases.eachSupportedId())(
  'ReceiptBuilder on %p',
  databaseId => {
    it('builds receipts that verify offline, with the seed once revealed', async () => {
      const { store, log } = await createLog(await databases.init(databaseId));
      const receipts = new ReceiptBuilder(store, log.reader);
      const rounds = Array.from({ length: 21 }, (_, n) => makeRound('kept', n));
      await log.ingester.ingest(rounds);
      await expect(receipts.build(rounds[3].roundId)).rejects.toThrow(
        ConflictError,
      );
      await log.treeHeads.signTreeHead();
      await expect(receipts.build('no-such-round')).rejects.toThrow(
        NotFoundError,
      );

      const before = verifyReceipt(
        await receipts.build(rounds[3].roundId),
        policy,
      );
      expect(before.round).toEqual(rounds[3]);
      expect(before.index).toBe(3);
      expect(before.checkpoint.treeSize).toBe(21);
      expect(before.commitment.pending).toBe(true);

      await log.ingester.revealSeed(
        hashServerSeed('kept'),
        'kept',
        'demo-game-server',
      );
      for (const index of [0, 3, 20]) {
        const verified = verifyReceipt(
          await receipts.build(rounds[index].roundId),
          policy,
        );
        expect(verified.index).toBe(index);
        expect(verified.commitment.ok).toBe(true);
        expect(verified.result.ok).toBe(true);
      }
    });
  },
);
