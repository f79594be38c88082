import { generateNoteKeys, parseSignerKey, signCheckpoint } from './checkpoint';
import {
  EVIDENCE_PACK_FORMAT,
  EvidencePackRecord,
  createPackWriter,
  packOutcome,
  rtpByGame,
  verifyEvidencePack,
} from './evidencePack';
import { gameResult, hashServerSeed } from './games';
import { inclusionProof, rootHash } from './merkle';
import { parseTlogPolicy } from './policy';
import { FairnessRound, encodeRound } from './round';
import { bytesToHex } from './encoding';

const ORIGIN = 'test.example/log';
const keys = generateNoteKeys(ORIGIN);
const signer = parseSignerKey(keys.signerKey);
const policy = parseTlogPolicy(`log ${keys.verifierKey}\nquorum none\n`);

const rounds: FairnessRound[] = Array.from({ length: 5 }, (_, n) => ({
  roundId: `r-${n}`,
  game: n % 2 ? 'limbo' : 'dice',
  gameParams: {},
  gameServerId: 'gs',
  playerId: 'p',
  serverSeedHash: hashServerSeed('s'),
  clientSeed: 'c',
  nonce: n,
  result: gameResult(n % 2 ? 'limbo' : 'dice', {
    serverSeed: 's',
    clientSeed: 'c',
    nonce: n,
  }),
  wagerMinor: 100,
  payoutMinor: n === 0 ? 150 : 0,
  currency: 'EUR',
  playedAt: '2026-01-01T00:00:00.000Z',
}));
/** A pack of the rounds; `edit` may change records before they are signed. */
function pack(
  edit: (records: EvidencePackRecord[]) => void = () => {},
  serverSeed: string | null = 's',
  list: FairnessRound[] = rounds,
) {
  const checkpoint = signCheckpoint(
    {
      origin: ORIGIN,
      treeSize: list.length,
      rootHash: rootHash(list.map(encodeRound)),
    },
    signer,
  );
  const records: EvidencePackRecord[] = [
    {
      type: 'header',
      format: EVIDENCE_PACK_FORMAT,
      generatedAt: '2026-01-02T00:00:00.000Z',
      scope: { playerId: 'p' },
      log: { origin: ORIGIN, verifierKey: keys.verifierKey },
      checkpoint,
      page: { after: null, limit: 1000 },
    },
    ...list.map((round, n) => ({
      type: 'round' as const,
      leafIndex: n,
      round,
      inclusionProof: inclusionProof(list.map(encodeRound), n).map(bytesToHex),
      outcome: packOutcome(round, serverSeed),
    })),
    {
      type: 'seed',
      serverSeedHash: hashServerSeed('s'),
      clientSeed: 'c',
      gameServerId: 'gs',
      committedAt: '2026-01-01T00:00:00.000Z',
      serverSeed,
      revealedAt: serverSeed ? '2026-01-01T01:00:00.000Z' : null,
    },
    ...rtpByGame(list, { dice: 0.99 }),
    { type: 'end', rounds: list.length, next: null, notYetCovered: 0 },
  ];
  edit(records);
  const writer = createPackWriter(signer);
  return records.map(r => writer.add(r)).join('') + writer.finish();
}

describe('evidence packs', () => {
  it('verify offline: outcomes, inclusion and RTP reconciled', () => {
    const verified = verifyEvidencePack(pack(), policy);
    expect(verified).toMatchObject({
      status: 'verified',
      verified: 5,
      pending: 0,
      failed: [],
      treeSize: 5,
    });
    expect(verified.rtp).toEqual([
      expect.objectContaining({
        game: 'dice',
        rounds: 3,
        wageredMinor: 300,
        paidMinor: 150,
        measuredRtp: 0.5,
        theoreticalRtp: 0.99,
      }),
      expect.objectContaining({
        game: 'limbo',
        rounds: 2,
        theoreticalRtp: null,
      }),
    ]);
    expect(verifyEvidencePack(pack(undefined, null), policy)).toMatchObject({
      status: 'pending',
      pending: 5,
    });
  });

  it('rejects any changed byte, another key, and a pack that lies even when signed', () => {
    const text = pack();
    expect(() =>
      verifyEvidencePack(text.replace('"nonce":3', '"nonce":4'), policy),
    ).toThrow(/its records are not the ones the log signed/);
    const other = parseTlogPolicy(
      `log ${generateNoteKeys(ORIGIN).verifierKey}\nquorum none\n`,
    );
    expect(() => verifyEvidencePack(text, other)).toThrow(
      /not signed by a log of the policy/,
    );
    const lies: Array<[(r: EvidencePackRecord[]) => void, RegExp]> = [
      [
        r => {
          (r[1] as any).outcome.status = 'failed';
        },
        /round 'r-0' is stated failed, recomputes as verified/,
      ],
      [
        r => {
          const rtp = r.find(x => x.type === 'rtp') as any;
          rtp.paidMinor = 300;
        },
        /RTP rows do not reconcile/,
      ],
      [
        r => {
          (r[2] as any).leafIndex = 3;
        },
        /round 'r-1' is not included at leaf 3/,
      ],
      [
        r => {
          (r.find(x => x.type === 'seed') as any).revealedAt =
            '2025-12-31T00:00:00.000Z';
        },
        /revealed before it was committed/,
      ],
      [
        r => {
          (r[r.length - 1] as any).rounds = 4;
        },
        /end record counts 4 rounds, the pack holds 5/,
      ],
    ];
    for (const [edit, reason] of lies) {
      expect(() => verifyEvidencePack(pack(edit), policy)).toThrow(reason);
    }
  });

  it('reports a round whose result does not recompute', () => {
    const lie = {
      ...rounds[2],
      result: gameResult('dice', {
        serverSeed: 's',
        clientSeed: 'c',
        nonce: 9,
      }),
    };
    const verified = verifyEvidencePack(
      pack(undefined, 's', [...rounds.slice(0, 2), lie, ...rounds.slice(3)]),
      policy,
    );
    expect(verified.status).toBe('failed');
    expect(verified.failed).toEqual([
      {
        leafIndex: 2,
        roundId: 'r-2',
        reason: expect.stringMatching(
          /recomputed dice result .* differs from the recorded result/,
        ),
      },
    ]);
    expect(verified.verified).toBe(4);
  });
});
