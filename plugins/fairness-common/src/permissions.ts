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

/** Append rounds and reveal seeds (game servers, as service principals). @public */
export const fairnessRoundIngestPermission = createPermission({
  name: 'fairness.round.ingest',
  attributes: { action: 'create' },
});

/** Sign a tree head on demand (the schedule signs regardless). @public */
export const fairnessTreeHeadSignPermission = createPermission({
  name: 'fairness.treehead.sign',
  attributes: { action: 'create' },
});

/** @public */
export const fairnessPermissions = [
  fairnessLogReadPermission,
  fairnessEvidenceExportPermission,
  fairnessRoundIngestPermission,
  fairnessTreeHeadSignPermission,
];
