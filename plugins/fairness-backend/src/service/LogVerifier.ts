import {
  CheckOutcome,
  RoundVerification,
  StoredRound,
  TreeHead,
  VerificationFailure,
  VerificationPage,
  bytesEqual,
  bytesToHex,
  checkCommitment,
  checkResult,
  checkpointAnchorData,
  combinedStatus,
  emptyRoot,
  hexToBytes,
  roundLeafHash,
  verifyCheckpoint,
  verifyInclusion,
} from '@internal/plugin-fairness-common';
import { FairnessStore, RoundFilter } from '../database/FairnessStore';
import { TreeHeadAnchor } from '../clients/jsonRpcAnchor';
import { FairnessLogReader } from './FairnessLogReader';
import { toFairnessRound } from './toFairnessRound';

/**
 * Verification as an auditor asks for it: one round's three checks, a
 * seed's or a time range's rounds, or the whole log against the latest
 * signed head. Read only: it checks the anchor on chain but never writes.
 */
export class LogVerifier {
  constructor(
    private readonly deps: {
      store: FairnessStore;
      reader: FairnessLogReader;
      anchor?: TreeHeadAnchor;
    },
  ) {}

  async verifyRound(roundId: string): Promise<RoundVerification> {
    const round = await this.deps.reader.getRound(roundId);
    const seed =
      (await this.deps.store.getSeedPair(round.serverSeedHash)) ?? null;
    const commitment = checkCommitment(round, seed?.serverSeed);
    const result = checkResult(toFairnessRound(round), seed?.serverSeed);
    const head = await this.deps.reader.latestTreeHead();
    let inclusionProof: string[] | null = null;
    const inclusion: CheckOutcome & { anchor?: CheckOutcome } = head
      ? await this.#checkInclusion(round, head, proof => {
          inclusionProof = proof.map(bytesToHex);
        })
      : {
          ok: false,
          pending: true,
          reason: `leaf ${round.leafIndex} is not yet covered by a signed tree head: the log has none yet`,
        };
    return {
      round,
      seed,
      recomputed: result.recomputed ?? null,
      treeHead: head
        ? {
            treeSize: head.treeSize,
            timestampMs: head.timestampMs,
            rootHash: head.rootHash,
            anchor: head.anchor,
          }
        : null,
      checks: {
        commitment,
        result: {
          ok: result.ok,
          ...(result.pending ? { pending: true } : {}),
          reason: result.reason,
        },
        inclusion,
      },
      inclusionProof,
      ok: commitment.ok && result.ok && inclusion.ok,
      status: combinedStatus([commitment, result, inclusion]),
    };
  }

  async #checkInclusion(
    round: StoredRound,
    head: TreeHead,
    onProof: (proof: Uint8Array[]) => void,
  ): Promise<CheckOutcome & { anchor?: CheckOutcome }> {
    let signed;
    try {
      signed = verifyCheckpoint(head.note, this.deps.reader.verifierKey);
    } catch (error) {
      return {
        ok: false,
        reason: `latest tree head does not verify: ${(error as Error).message}`,
      };
    }
    if (round.leafIndex >= signed.treeSize) {
      return {
        ok: false,
        pending: true,
        reason: `leaf ${round.leafIndex} is not yet covered by a signed tree head: the latest has size ${signed.treeSize}, the next scheduled signing will cover it`,
      };
    }
    const proof = await this.deps.reader.inclusionProof(
      round.leafIndex,
      signed.treeSize,
    );
    onProof(proof);
    const ok = verifyInclusion(
      roundLeafHash(toFairnessRound(round)),
      round.leafIndex,
      signed.treeSize,
      proof,
      signed.rootHash,
    );
    const outcome: CheckOutcome & { anchor?: CheckOutcome } = ok
      ? {
          ok,
          reason: `leaf ${round.leafIndex} is included in the signed tree head of size ${signed.treeSize} (${proof.length}-hash proof)`,
        }
      : {
          ok,
          reason: `the round as stored now does not hash to leaf ${round.leafIndex} of the signed tree head of size ${signed.treeSize}: it was changed after it was logged`,
        };
    if (!this.deps.anchor) {
      outcome.anchor = { ok: true, reason: 'anchoring is not configured' };
    } else if (!head.anchor) {
      outcome.anchor = { ok: true, reason: 'tree head not anchored yet' };
    } else {
      const expected = checkpointAnchorData(head.note);
      try {
        outcome.anchor =
          head.anchor.data !== expected
            ? {
                ok: false,
                reason: `anchor records ${head.anchor.data}, the signed note hashes to ${expected}`,
              }
            : await this.deps.anchor.check(head.anchor.txHash, expected);
      } catch (error) {
        outcome.anchor = {
          ok: true,
          reason: `anchor ${head.anchor.txHash} not checked: ${
            (error as Error).message
          }`,
        };
      }
      if (!outcome.anchor.ok) {
        outcome.ok = false;
        outcome.reason += `; ${outcome.anchor.reason}`;
      }
    }
    return outcome;
  }

  /** Verifies a page of rounds matching the filter (a seed's range or a time range). */
  async verifyRounds(
    filter: RoundFilter,
    page: { after?: number; limit: number },
  ): Promise<VerificationPage> {
    const rounds = await this.deps.store.listRounds({
      ...filter,
      afterLeafIndex: page.after,
      limit: page.limit,
    });
    const total = await this.deps.store.countRounds(filter);
    const last = rounds.length ? rounds[rounds.length - 1].leafIndex : -1;
    const head = await this.deps.reader.latestTreeHead();
    const signed = head
      ? verifyCheckpoint(head.note, this.deps.reader.verifierKey)
      : { treeSize: 0, rootHash: emptyRoot() };
    const seeds = new Map(
      (
        await this.deps.store.getSeedPairs(rounds.map(r => r.serverSeedHash))
      ).map(s => [s.serverSeedHash, s]),
    );
    const proofs = await this.deps.reader.inclusionProofs(
      rounds.filter(r => r.leafIndex < signed.treeSize).map(r => r.leafIndex),
      signed.treeSize,
    );
    const commitments = new Map<string, CheckOutcome>();
    const failures: VerificationFailure[] = [];
    let uncovered = 0;
    let pending = 0;
    for (const round of rounds) {
      const seed = seeds.get(round.serverSeedHash);
      let commitment = commitments.get(round.serverSeedHash);
      if (!commitment) {
        commitment = checkCommitment(round, seed?.serverSeed);
        commitments.set(round.serverSeedHash, commitment);
      }
      const where = { leafIndex: round.leafIndex, roundId: round.roundId };
      if (commitment.pending) pending += 1;
      else if (!commitment.ok)
        failures.push({
          ...where,
          check: 'commitment',
          reason: commitment.reason,
        });
      const result = checkResult(toFairnessRound(round), seed?.serverSeed);
      if (!result.ok && !result.pending)
        failures.push({ ...where, check: 'result', reason: result.reason });
      const proof = proofs.get(round.leafIndex);
      if (!proof) {
        uncovered += 1; // newer than the signed head: checked once signed
      } else if (
        !verifyInclusion(
          roundLeafHash(toFairnessRound(round)),
          round.leafIndex,
          signed.treeSize,
          proof,
          signed.rootHash,
        )
      ) {
        failures.push({
          ...where,
          check: 'inclusion',
          reason: `round does not hash to leaf ${round.leafIndex} of the signed tree head (size ${signed.treeSize})`,
        });
      }
    }
    return {
      checked: rounds.length,
      total,
      treeSize: signed.treeSize,
      notYetCovered: uncovered,
      pending,
      failures,
      next: rounds.length === page.limit ? last : null,
    };
  }

  /**
   * Verifies a page of the whole log against the latest signed tree head:
   * every leaf index present, every stored round hashing to the leaf the
   * signed tree holds at its index. Failures name the leaf.
   */
  async verifyLog(page: {
    after?: number;
    limit: number;
  }): Promise<VerificationPage> {
    const head = await this.deps.reader.latestTreeHead();
    const signed = head
      ? verifyCheckpoint(head.note, this.deps.reader.verifierKey)
      : { treeSize: 0, rootHash: emptyRoot() };
    const start = (page.after ?? -1) + 1;
    const end = Math.min(start + page.limit, signed.treeSize);
    const rows =
      start < end ? await this.deps.store.getRoundsByLeafRange(start, end) : [];
    const byIndex = new Map(rows.map(r => [r.leafIndex, r]));
    const indexes = Array.from(
      { length: Math.max(0, end - start) },
      (_, i) => start + i,
    );
    const proofs = await this.deps.reader.inclusionProofs(
      indexes,
      signed.treeSize,
    );
    const failures: VerificationFailure[] = [];
    for (const leafIndex of indexes) {
      const round = byIndex.get(leafIndex);
      if (!round) {
        failures.push({
          leafIndex,
          roundId: null,
          check: 'leaf',
          reason: `leaf ${leafIndex} is missing: its round was deleted`,
        });
        continue;
      }
      const recomputed = roundLeafHash(toFairnessRound(round));
      if (
        !verifyInclusion(
          recomputed,
          leafIndex,
          signed.treeSize,
          proofs.get(leafIndex)!,
          signed.rootHash,
        )
      ) {
        const edited = !bytesEqual(recomputed, hexToBytes(round.leafHash));
        failures.push({
          leafIndex,
          roundId: round.roundId,
          check: 'leaf',
          reason: edited
            ? `leaf ${leafIndex} (round '${round.roundId}'): the stored round no longer matches the leaf hash recorded at ingest — it was edited`
            : `leaf ${leafIndex} (round '${round.roundId}'): this round is not the one the signed tree holds at index ${leafIndex} — rows were swapped, inserted or the tree was rewritten`,
        });
      }
    }
    return {
      checked: indexes.length,
      total: signed.treeSize,
      treeSize: signed.treeSize,
      notYetCovered: Math.max(
        0,
        (await this.deps.store.getTreeSize()) - signed.treeSize,
      ),
      pending: 0,
      failures,
      next: end < signed.treeSize ? end - 1 : null,
    };
  }
}
