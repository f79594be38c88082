import { generateNoteKeys, parseSignerKey, signCheckpoint } from './checkpoint';
import { EvidenceBundle, verifyEvidenceBundle } from './evidence';
import { bytesToHex } from './encoding';
import { gameResult, hashServerSeed } from './games';
import { consistencyProof, inclusionProof, rootHash } from './merkle';
import { FairnessRound, encodeRound } from './round';

const origin = 'casino.example/fairness-log';
const keys = generateNoteKeys(origin);
const signer = parseSignerKey(keys.signerKey);
const serverSeed = 'evidence-server-seed';

function makeRounds(n: number): FairnessRound[] {
  return Array.from({ length: n }, (_, nonce) => ({
    roundId: `r-${nonce}`,
    game: 'dice',
    gameParams: {},
    gameServerId: 'demo',
    playerId: 'p-1',
    serverSeedHash: hashServerSeed(serverSeed),
    clientSeed: 'client',
    nonce,
    result: gameResult('dice', { serverSeed, clientSeed: 'client', nonce }),
    wagerMinor: 100,
    payoutMinor: 0,
    currency: 'EUR',
    playedAt: new Date(1700000000000 + nonce).toISOString(),
  }));
}

function bundleFor(
  rounds: FairnessRound[],
  size: number,
  from?: number,
): EvidenceBundle {
  const leaves = rounds.slice(0, size).map(encodeRound);
  const note = signCheckpoint(
    { origin, treeSize: size, rootHash: rootHash(leaves) },
    signer,
  );
  return {
    format: 'fairness-evidence/v1',
    exportedAt: new Date().toISOString(),
    scope: 'test',
    verifierKey: keys.verifierKey,
    checkpoint: note,
    anchor: null,
    seeds: [
      {
        serverSeedHash: hashServerSeed(serverSeed),
        clientSeed: 'client',
        serverSeed,
      },
    ],
    rounds: rounds.slice(0, size).map((round, i) => ({
      leafIndex: i,
      round,
      inclusionProof: inclusionProof(leaves, i).map(bytesToHex),
    })),
    consistencyProofs:
      from === undefined
        ? []
        : [
            {
              fromSize: from,
              fromRoot: '',
              proof: consistencyProof(leaves, from).map(bytesToHex),
            },
          ],
  };
}

describe('verifyEvidenceBundle', () => {
  const rounds = makeRounds(7);

  it('verifies a genuine bundle and an earlier tree head', () => {
    const earlier = signCheckpoint(
      {
        origin,
        treeSize: 4,
        rootHash: rootHash(rounds.slice(0, 4).map(encodeRound)),
      },
      signer,
    );
    const report = verifyEvidenceBundle(bundleFor(rounds, 7, 4), {
      verifierKey: keys.verifierKey,
      earlierCheckpoint: earlier,
    });
    expect(report.checks.filter(c => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.status).toBe('verified');
    expect(report.roundsVerified).toBe(7);
  });

  it('reports rounds of a still-active seed as pending, not failed', () => {
    const bundle = bundleFor(rounds, 7);
    bundle.seeds[0].serverSeed = null;
    const report = verifyEvidenceBundle(bundle, {
      verifierKey: keys.verifierKey,
    });
    expect(report.status).toBe('pending');
    expect(report.ok).toBe(false);
    expect(report.roundsPending).toBe(7);
    expect(report.roundsVerified).toBe(0);
    expect(report.checks.filter(c => !c.ok && !c.pending)).toEqual([]);
    expect(report.checks.find(c => c.check === 'commitment')).toMatchObject({
      pending: true,
      reason: expect.stringContaining('still active'),
    });
    expect(
      report.checks.filter(c => c.check === 'inclusion').every(c => c.ok),
    ).toBe(true);

    // a pending seed never hides a tampered round
    bundle.rounds[2].round = { ...bundle.rounds[2].round, payoutMinor: 7 };
    const tampered = verifyEvidenceBundle(bundle, {
      verifierKey: keys.verifierKey,
    });
    expect(tampered.status).toBe('failed');
    expect(tampered.roundsPending).toBe(6);
  });

  it('names the round whose result was altered', () => {
    const bundle = bundleFor(rounds, 7);
    bundle.rounds[3].round = { ...bundle.rounds[3].round, result: 99.99 };
    const report = verifyEvidenceBundle(bundle, {
      verifierKey: keys.verifierKey,
    });
    expect(report.ok).toBe(false);
    expect(report.status).toBe('failed');
    expect(
      report.checks.filter(c => !c.ok).map(c => [c.check, c.roundId]),
    ).toEqual([
      ['result', 'r-3'],
      ['inclusion', 'r-3'],
    ]);
  });

  it('fails a wrong seed, a forged signature and a rewritten history', () => {
    const bundle = bundleFor(rounds, 7);
    bundle.seeds[0].serverSeed = 'guess';
    const report = verifyEvidenceBundle(bundle, {
      verifierKey: keys.verifierKey,
    });
    expect(
      report.checks.filter(c => c.check === 'commitment').every(c => !c.ok),
    ).toBe(true);

    const forged = verifyEvidenceBundle(bundleFor(rounds, 7), {
      verifierKey: generateNoteKeys(origin).verifierKey,
    });
    expect(forged.checks).toEqual([
      expect.objectContaining({ check: 'signature', ok: false }),
    ]);

    const rewritten = makeRounds(4);
    rewritten[1] = { ...rewritten[1], payoutMinor: 5 };
    const earlier = signCheckpoint(
      { origin, treeSize: 4, rootHash: rootHash(rewritten.map(encodeRound)) },
      signer,
    );
    const fork = verifyEvidenceBundle(bundleFor(rounds, 7, 4), {
      verifierKey: keys.verifierKey,
      earlierCheckpoint: earlier,
    });
    expect(fork.checks.find(c => c.check === 'consistency')).toMatchObject({
      ok: false,
    });
  });
});
