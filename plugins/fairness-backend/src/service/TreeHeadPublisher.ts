import { LoggerService } from '@backstage/backend-plugin-api';
import {
  NoteSigner,
  TreeHead,
  TreeNodeId,
  WitnessingStatus,
  bytesToHex,
  checkpointAnchorData,
  consistencyProofRanges,
  emptyRoot,
  hexToBytes,
  nodesForRanges,
  rangeHash,
  signCheckpoint,
  verifyConsistency,
} from '@internal/plugin-fairness-common';
import { FairnessStore, nodeKey } from '../database/FairnessStore';
import { TreeHeadAnchor } from '../clients/jsonRpcAnchor';
import { MISSING_NODE, TreeProofs } from './TreeProofs';
import { WitnessCosigner } from './WitnessCosigner';

/**
 * The writer of tree heads: signs a head over the tree, has witnesses
 * cosign it and anchors it on chain. Run by the scheduled task (one replica
 * at a time), after ingest by the {@link CheckpointPublisher}, and by an
 * auditor's `POST /tree-heads`.
 */
export class TreeHeadPublisher {
  #witnessing: WitnessingStatus | undefined;

  constructor(
    private readonly deps: {
      store: FairnessStore;
      proofs: TreeProofs;
      signer: NoteSigner;
      logger: LoggerService;
      anchor?: TreeHeadAnchor;
      /** When set, only checkpoints a witness quorum cosigned are published. */
      witnesses?: WitnessCosigner;
    },
  ) {}

  /**
   * Signs a new tree head when the tree grew (or always with `force`), after
   * checking the new tree is consistent with the previous signed head, then
   * anchors it when a chain is configured (unless `anchor: false`).
   */
  async signTreeHead(
    options: { force?: boolean; anchor?: boolean } = {},
  ): Promise<TreeHead | undefined> {
    const { store, signer } = this.deps;
    const head = await store.addTreeHead(
      async (latest, treeSize, readNodes) => {
        if (latest && latest.treeSize === treeSize && !options.force) {
          return undefined;
        }
        const range = { start: 0, end: treeSize };
        const ranges = latest
          ? [range, ...consistencyProofRanges(latest.treeSize, treeSize)]
          : [range];
        const nodes = await readNodes(nodesForRanges(ranges));
        const read = (id: TreeNodeId) => nodes.get(nodeKey(id)) ?? MISSING_NODE;
        const root = treeSize === 0 ? emptyRoot() : rangeHash(range, read);
        if (latest) {
          const proof = consistencyProofRanges(latest.treeSize, treeSize).map(
            r => rangeHash(r, read),
          );
          if (
            !verifyConsistency(
              latest.treeSize,
              treeSize,
              hexToBytes(latest.rootHash),
              root,
              proof,
            )
          ) {
            throw new Error(
              `refusing to sign: the tree of size ${treeSize} is not consistent with signed tree head ${latest.id} (size ${latest.treeSize}); the log was altered`,
            );
          }
        }
        const timestampMs = Math.max(
          Date.now(),
          (latest?.timestampMs ?? 0) + 1,
        );
        const note = signCheckpoint(
          {
            origin: signer.name,
            treeSize,
            rootHash: root,
            timestamp: timestampMs,
          },
          signer,
        );
        return { treeSize, rootHash: bytesToHex(root), timestampMs, note };
      },
    );
    if (head && options.anchor !== false) await this.#anchorHead(head);
    return head;
  }

  async #anchorHead(head: TreeHead): Promise<void> {
    const { anchor, store, logger } = this.deps;
    if (!anchor) return;
    const data = checkpointAnchorData(head.note);
    try {
      const anchored = await anchor.anchor(data);
      await store.addAnchor(head.id, { ...anchored, data });
      head.anchor = { ...anchored, data };
    } catch (error) {
      logger.warn(
        `could not anchor tree head ${head.id}: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Signs a head over the current tree when it grew, submits it to the
   * witnesses, then anchors it: the checkpoint is published as soon as the
   * quorum cosigned, without waiting for the chain.
   */
  async publishCheckpoint(): Promise<TreeHead | undefined> {
    const head = await this.signTreeHead({ anchor: false });
    // The head just signed needs no reading back; without one, the latest
    // may still wait for its cosignatures.
    await (head ? this.#witness(head) : this.witnessLatest());
    if (head) await this.#anchorHead(head);
    return head;
  }

  /**
   * Submits the latest signed head to the witnesses unless it is already
   * witnessed, and records it as published once the quorum cosigned.
   * Without a quorum the previous witnessed checkpoint stays published and
   * the failure is logged and reported by {@link witnessingStatus}.
   */
  async witnessLatest(): Promise<WitnessingStatus | undefined> {
    const { witnesses, store } = this.deps;
    if (!witnesses) return undefined;
    const head = await store.getLatestTreeHead();
    if (!head) return undefined;
    const published = await store.getLatestWitnessedTreeHead();
    if (published?.id === head.id) {
      this.#witnessing = { ok: true, treeSize: head.treeSize, failures: [] };
      return this.#witnessing;
    }
    return this.#witness(head);
  }

  /** Has `head` cosigned and records it as published once the quorum did. */
  async #witness(head: TreeHead): Promise<WitnessingStatus | undefined> {
    const { witnesses, store, proofs, logger } = this.deps;
    if (!witnesses) return undefined;
    const result = await witnesses.cosign(head.note, head.treeSize, old =>
      proofs.consistencyProof(old, head.treeSize),
    );
    if (result.note) {
      await store.addWitnessedCheckpoint(head.id, result.note);
    } else {
      const published = await store.getLatestWitnessedTreeHead();
      if ((published?.id ?? -1) > head.id) {
        // Another replica signed and published a newer head meanwhile (the
        // witness refused this one as older): nothing is missing.
        this.#witnessing = { ok: true, treeSize: head.treeSize, failures: [] };
        return this.#witnessing;
      }
      logger.warn(
        `tree head ${head.id} of size ${
          head.treeSize
        } did not reach the witness quorum; checkpoint of size ${
          published?.treeSize ?? 0
        } stays published: ${result.failures.join('; ')}`,
      );
    }
    this.#witnessing = {
      ok: result.note !== undefined,
      treeSize: head.treeSize,
      failures: result.failures,
    };
    return this.#witnessing;
  }

  /** The last witnessing attempt of this replica; undefined without witnesses. */
  witnessingStatus(): WitnessingStatus | undefined {
    return this.#witnessing;
  }
}
