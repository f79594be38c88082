import { createPermission } from '@backstage/plugin-permission-common';

/** Read rounds, proofs, tree heads and verification results (auditors). @public */
export const fairnessLogReadPermission = createPermission({
  name: 'fairness.log.read',
  attributes: { action: 'read' },
});

/** Download evidence bundles. @public */
export const fairnessEvidenceExportPermission = createPermission({
  name: 'fairness.evidence.export',
  attributes: { action: 'read' },
});

/**
 * Append rounds (game servers, as service principals, into their own seed
 * pairs only). @public
 */
export const fairnessRoundIngestPermission = createPermission({
  name: 'fairness.round.ingest',
  attributes: { action: 'create' },
});

/** Commit a server seed hash before use (game servers, their own pairs). @public */
export const fairnessSeedCommitPermission = createPermission({
  name: 'fairness.seed.commit',
  attributes: { action: 'create' },
});

/** Reveal a server seed after use (game servers, their own pairs). @public */
export const fairnessSeedRevealPermission = createPermission({
  name: 'fairness.seed.reveal',
  attributes: { action: 'update' },
});

/** Sign a tree head on demand (auditors; the schedule signs regardless). @public */
export const fairnessTreeHeadSignPermission = createPermission({
  name: 'fairness.treehead.sign',
  attributes: { action: 'create' },
});

/** @public */
export const fairnessPermissions = [
  fairnessLogReadPermission,
  fairnessEvidenceExportPermission,
  fairnessRoundIngestPermission,
  fairnessSeedCommitPermission,
  fairnessSeedRevealPermission,
  fairnessTreeHeadSignPermission,
];
