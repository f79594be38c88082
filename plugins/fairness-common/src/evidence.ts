import { bytesToBase64, hexToBytes } from './encoding';
import { verifyConsistency, verifyInclusion } from './merkle';
import {
  Checkpoint,
  checkpointAnchorData,
  verifyCheckpoint,
} from './checkpoint';
import {
  CheckStatus,
  FairnessRound,
  checkCommitment,
  combinedStatus,
  checkResult,
  roundLeafHash,
} from './round';

/** Identifies the evidence bundle format. @public */
export const EVIDENCE_FORMAT = 'fairness-evidence/v1';

/**
 * A self-contained evidence bundle: everything needed to verify the listed
 * rounds without the portal.
 * @public
 */
export type EvidenceBundle = {
  format: typeof EVIDENCE_FORMAT;
  exportedAt: string;
  /** What was exported, e.g. `round 'r-1'` or `seed 3b1f...`. */
  scope: string;
  /** The log's verifier key as the portal publishes it (auditors should pin their own copy). */
  verifierKey: string;
  /** The signed tree head (C2SP signed note) every inclusion proof is against. */
  checkpoint: string;
  /** On-chain anchor of that signed tree head, when the log anchors. */
  anchor: { chainId: string; txHash: string; data: string } | null;
  seeds: Array<{
    serverSeedHash: string;
    clientSeed: string;
    serverSeed: string | null;
  }>;
  rounds: Array<{
    leafIndex: number;
    round: FairnessRound;
    inclusionProof: string[];
  }>;
  /** Proofs that the checkpoint extends earlier tree heads (hex hashes). */
  consistencyProofs: Array<{
    fromSize: number;
    fromRoot: string;
    proof: string[];
  }>;
  /**
   * Paging of a portal export: pass `next` as `after` for the following
   * rounds; `notYetCovered` counts matching rounds newer than the checkpoint
   * (exported once a signed tree head covers them).
   */
  page?: {
    after: number | null;
    limit: number;
    next: number | null;
    notYetCovered: number;
  };
};

/** One line of a verification report. @public */
export type EvidenceCheck = {
  check:
    | 'signature'
    | 'consistency'
    | 'commitment'
    | 'result'
    | 'inclusion'
    | 'bundle';
  ok: boolean;
  /** Cannot be checked yet (the round's server seed is still active); `ok` is false. */
  pending?: boolean;
  reason: string;
  roundId?: string;
  leafIndex?: number;
};

/** @public */
export type EvidenceReport = {
  /** Every check verified (false while some are pending). */
  ok: boolean;
  /** verified: all checks pass; pending: none failed but some wait for a seed reveal; failed: some check failed. */
  status: CheckStatus;
  checkpoint?: Checkpoint;
  checks: EvidenceCheck[];
  roundsVerified: number;
  /** Rounds with no failed check whose seed is not revealed yet. */
  roundsPending: number;
};

function hashesFromHex(hexes: unknown): Uint8Array[] | undefined {
  if (!Array.isArray(hexes)) {
    return undefined;
  }
  try {
    return hexes.map(h => hexToBytes(String(h)));
  } catch {
    return undefined;
  }
}

/**
 * Verifies an evidence bundle offline: the checkpoint signature with the
 * given verifier key, optional consistency with an earlier signed checkpoint,
 * and for every round the seed commitment, the recomputed result and the
 * inclusion proof against the checkpoint.
 * @public
 */
export function verifyEvidenceBundle(
  bundle: EvidenceBundle,
  options: { verifierKey: string; earlierCheckpoint?: string },
): EvidenceReport {
  const checks: EvidenceCheck[] = [];
  const fail = (): EvidenceReport => ({
    ok: false,
    status: 'failed',
    checks,
    roundsVerified: 0,
    roundsPending: 0,
  });
  if (bundle?.format !== EVIDENCE_FORMAT || !Array.isArray(bundle.rounds)) {
    checks.push({
      check: 'bundle',
      ok: false,
      reason: `not a ${EVIDENCE_FORMAT} bundle`,
    });
    return fail();
  }

  let checkpoint: Checkpoint;
  try {
    checkpoint = verifyCheckpoint(bundle.checkpoint, options.verifierKey);
    checks.push({
      check: 'signature',
      ok: true,
      reason: `tree head of size ${checkpoint.treeSize} is signed by '${checkpoint.origin}'`,
    });
  } catch (error) {
    checks.push({
      check: 'signature',
      ok: false,
      reason: (error as Error).message,
    });
    return fail();
  }

  if (options.earlierCheckpoint !== undefined) {
    try {
      const earlier = verifyCheckpoint(
        options.earlierCheckpoint,
        options.verifierKey,
      );
      const entry = bundle.consistencyProofs?.find(
        p => p.fromSize === earlier.treeSize,
      );
      const proof = hashesFromHex(
        entry?.proof ??
          (earlier.treeSize === checkpoint.treeSize ? [] : undefined),
      );
      if (!proof) {
        checks.push({
          check: 'consistency',
          ok: false,
          reason: `bundle has no consistency proof from tree size ${earlier.treeSize}; export it with consistencyFrom=${earlier.treeSize}`,
        });
      } else {
        const ok = verifyConsistency(
          earlier.treeSize,
          checkpoint.treeSize,
          earlier.rootHash,
          checkpoint.rootHash,
          proof,
        );
        checks.push({
          check: 'consistency',
          ok,
          reason: ok
            ? `tree of size ${checkpoint.treeSize} extends the earlier tree of size ${earlier.treeSize} (nothing rewritten)`
            : `tree of size ${
                checkpoint.treeSize
              } is NOT an extension of the earlier tree of size ${
                earlier.treeSize
              } (root ${bytesToBase64(earlier.rootHash)})`,
        });
      }
    } catch (error) {
      checks.push({
        check: 'consistency',
        ok: false,
        reason: `earlier tree head: ${(error as Error).message}`,
      });
    }
  }

  const seeds = new Map((bundle.seeds ?? []).map(s => [s.serverSeedHash, s]));
  let roundsVerified = 0;
  let roundsPending = 0;
  const commitments = new Map<string, ReturnType<typeof checkCommitment>>();
  for (const entry of bundle.rounds) {
    const round = entry.round;
    const where = { roundId: round?.roundId, leafIndex: entry.leafIndex };
    const seed = seeds.get(round?.serverSeedHash);
    const commitmentKey = `${round?.serverSeedHash}\n${seed?.serverSeed}`;
    let commitment = commitments.get(commitmentKey);
    if (!commitment) {
      commitment = checkCommitment(round, seed?.serverSeed);
      commitments.set(commitmentKey, commitment);
    }
    checks.push({ check: 'commitment', ...commitment, ...where });
    const result = checkResult(round, seed?.serverSeed);
    checks.push({
      check: 'result',
      ok: result.ok,
      ...(result.pending ? { pending: true } : {}),
      reason: result.reason,
      ...where,
    });
    let inclusionOk = false;
    try {
      const proof = hashesFromHex(entry.inclusionProof);
      inclusionOk =
        !!proof &&
        verifyInclusion(
          roundLeafHash(round),
          entry.leafIndex,
          checkpoint.treeSize,
          proof,
          checkpoint.rootHash,
        );
    } catch {
      inclusionOk = false;
    }
    checks.push({
      check: 'inclusion',
      ok: inclusionOk,
      reason: inclusionOk
        ? `leaf ${entry.leafIndex} is in the signed tree of size ${checkpoint.treeSize}`
        : `leaf ${entry.leafIndex} (hash of the round as given) is not proven to be in the signed tree of size ${checkpoint.treeSize}`,
      ...where,
    });
    const roundStatus = combinedStatus([
      commitment,
      result,
      { ok: inclusionOk },
    ]);
    if (roundStatus === 'verified') roundsVerified++;
    if (roundStatus === 'pending') roundsPending++;
  }
  return {
    ok: checks.every(c => c.ok),
    status: combinedStatus(checks),
    checkpoint,
    checks,
    roundsVerified,
    roundsPending,
  };
}

/** The transaction data an anchor of this bundle's checkpoint must carry. @public */
export function expectedAnchorData(
  bundle: Pick<EvidenceBundle, 'checkpoint'>,
): string {
  return checkpointAnchorData(bundle.checkpoint);
}
