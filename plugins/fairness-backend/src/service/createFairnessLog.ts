import { LoggerService } from '@backstage/backend-plugin-api';
import { NoteSigner } from '@internal/plugin-fairness-common';
import { FairnessStore } from '../database/FairnessStore';
import { TreeHeadAnchor } from '../clients/jsonRpcAnchor';
import { CheckpointPublisher } from './CheckpointPublisher';
import { EvidenceExporter } from './EvidenceExporter';
import { FairnessLogReader } from './FairnessLogReader';
import { LogVerifier } from './LogVerifier';
import { RoundIngester } from './RoundIngester';
import { TreeHeadPublisher } from './TreeHeadPublisher';
import { TreeProofs } from './TreeProofs';
import { WitnessCosigner } from './WitnessCosigner';

/** The log's writers and readers over one store, wired together. */
export type FairnessLog = ReturnType<typeof createFairnessLog>;

/**
 * Builds the writers (ingest, tree-head publishing) and the readers
 * (rounds, heads and proofs, verification, evidence) over one store. The
 * plugin schedules `treeHeads` and hands the readers to the router; tests
 * build the same set.
 */
export function createFairnessLog(options: {
  store: FairnessStore;
  signer: NoteSigner;
  logger: LoggerService;
  anchor?: TreeHeadAnchor;
  /** When set, only checkpoints a witness quorum cosigned are published. */
  witnesses?: WitnessCosigner;
  /**
   * When set, a checkpoint covering ingested rounds is published (signed,
   * cosigned, anchored) at most this long after them, plus the time that
   * takes; otherwise only by the schedule or an auditor.
   */
  checkpointIntervalMs?: number;
}) {
  const { store, signer, logger, anchor, witnesses } = options;
  const proofs = new TreeProofs(store);
  const treeHeads = new TreeHeadPublisher({
    store,
    proofs,
    signer,
    logger,
    anchor,
    witnesses,
  });
  const checkpoints =
    options.checkpointIntervalMs === undefined
      ? undefined
      : new CheckpointPublisher({
          publish: () => treeHeads.publishCheckpoint(),
          intervalMs: options.checkpointIntervalMs,
          logger,
        });
  const reader = new FairnessLogReader({
    store,
    proofs,
    identity: signer,
    anchoring: anchor !== undefined,
    witnessed: witnesses !== undefined,
    witnessingStatus: () => treeHeads.witnessingStatus(),
  });
  return {
    treeHeads,
    ingester: new RoundIngester({
      store,
      onAppended: () => checkpoints?.notify(),
    }),
    reader,
    verifier: new LogVerifier({ store, reader, anchor }),
    evidence: new EvidenceExporter({ store, reader }),
    /** Stops publishing after ingest (waits for a publication under way). */
    close: async () => {
      await checkpoints?.stop();
    },
  };
}
