import { generateNoteKeys, parseSignerKey, signCheckpoint } from './checkpoint';
import { cosignatureLine, generateCosignerKeys } from './cosignature';
import { gameResult, hashServerSeed } from './games';
import { inclusionProof, rootHash } from './merkle';
import { parseTlogPolicy } from './policy';
import { formatReceipt, verifyReceipt } from './receipt';
import { FairnessRound, encodeRound } from './round';

const ORIGIN = 'receipts.example/log';
const log = generateNoteKeys(ORIGIN);
const witness = generateCosignerKeys('witness.example/w1');
const other = generateCosignerKeys('witness.example/w2');

function round(serverSeed: string, nonce: number): FairnessRound {
  const inputs = { serverSeed, clientSeed: 'client', nonce };
  return {
    roundId: `r-${nonce}`,
    game: 'dice',
    gameParams: {},
    gameServerId: 'gs',
    playerId: 'p-1',
    serverSeedHash: hashServerSeed(serverSeed),
    clientSeed: 'client',
    nonce,
    result: gameResult('dice', inputs),
    wagerMinor: 100,
    payoutMinor: 0,
    currency: 'EUR',
    playedAt: '2026-01-01T00:00:00.000Z',
  };
}

const rounds = Array.from({ length: 11 }, (_, n) => round('seed', n));
const leaves = rounds.map(encodeRound);
const note = signCheckpoint(
  { origin: ORIGIN, treeSize: 11, rootHash: rootHash(leaves), timestamp: 1 },
  parseSignerKey(log.signerKey),
);
const body = note.slice(0, note.indexOf('\n\n') + 1);
const cosigned = `${note}${cosignatureLine(
  body,
  'witness.example/w1',
  witness.secretKey,
  1_700_000_000,
)}\n`;

function receipt(
  index: number,
  serverSeed: string | null,
  checkpointNote = cosigned,
) {
  return formatReceipt({
    round: rounds[index],
    serverSeed,
    index,
    proof: inclusionProof(leaves, index),
    checkpointNote,
  });
}

const policyText = `# the casino's log and its witness
log ${log.verifierKey}
witness w1 ${witness.vkey}
witness w2 ${other.vkey}
group any-witness any w1 w2
quorum any-witness
`;
const policy = parseTlogPolicy(policyText);

describe('receipts (C2SP tlog-proof)', () => {
  it('verifies offline: signed, cosigned, included, seed and result recomputed', () => {
    const text = receipt(7, 'seed');
    expect(text.split('\n').slice(0, 1)).toEqual(['c2sp.org/tlog-proof@v1']);
    expect(text.split('\n')[2]).toBe('index 7');
    const verified = verifyReceipt(text, policy);
    expect(verified.round).toEqual(rounds[7]);
    expect(verified.index).toBe(7);
    expect(verified.cosignedBy).toEqual(['w1']);
    expect(verified.commitment.ok).toBe(true);
    expect(verified.result.ok).toBe(true);
  });

  it('rejects the receipt after any single character is changed', () => {
    const text = receipt(3, 'seed');
    const accepted: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const changed =
        text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
      try {
        verifyReceipt(changed, policy);
        accepted.push(i);
      } catch {
        // rejected, as it must be
      }
    }
    expect(accepted).toEqual([]);
    expect(text.length).toBeGreaterThan(600);
  });

  it('leaves the seed checks pending before the reveal, and still proves inclusion', () => {
    const verified = verifyReceipt(receipt(0, null), policy);
    expect(verified.commitment).toMatchObject({ ok: false, pending: true });
    expect(verified.result).toMatchObject({ ok: false, pending: true });
  });

  it('rejects a wrong seed, a checkpoint without the quorum, and another log', () => {
    expect(() => verifyReceipt(receipt(1, 'other-seed'), policy)).toThrow(
      /does not match the commitment/,
    );
    expect(() => verifyReceipt(receipt(1, 'seed', note), policy)).toThrow(
      "checkpoint lacks the policy's quorum 'any-witness' of cosignatures (cosigned by: no witness of the policy)",
    );
    const stranger = parseTlogPolicy(
      `log ${generateNoteKeys(ORIGIN).verifierKey}\nquorum none\n`,
    );
    expect(() => verifyReceipt(receipt(1, 'seed'), stranger)).toThrow(
      /not signed by a log of the policy/,
    );
    // Without a witness requirement the log's signature suffices.
    const noWitness = parseTlogPolicy(`log ${log.verifierKey}\nquorum none\n`);
    expect(verifyReceipt(receipt(1, 'seed', note), noWitness).index).toBe(1);
  });

  it('parses tlog-policy files strictly', () => {
    const bad = [
      ['quorum none\n', /names no log/],
      [`log ${log.verifierKey}\n`, /no quorum line/],
      [
        `log ${log.verifierKey}\nquorum w9\n`,
        /line 2: quorum 'w9' is not defined above/,
      ],
      [
        `log ${log.verifierKey}\nwitness w1 ${log.verifierKey}\nquorum w1\n`,
        /line 2: .*type 0x04/,
      ],
      [
        `log ${log.verifierKey}\nwitness w1 ${witness.vkey}\ngroup g 2 w1\nquorum g\n`,
        /line 3: threshold '2'/,
      ],
      [`log ${log.verifierKey}\nfrobnicate\nquorum none\n`, /line 2: unknown/],
    ] as const;
    for (const [text, error] of bad) {
      expect(() => parseTlogPolicy(text)).toThrow(error);
    }
  });
});
