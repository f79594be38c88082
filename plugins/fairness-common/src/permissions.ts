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

/**
 * Read the log's checkpoint and hash tiles (C2SP tlog-tiles). They reveal
 * only hashes, so the portal grants this to every signed-in user and to
 * mirror principals; `fairness.tiles.public` opens them to anyone.
 * @public
 */
export const fairnessTilesReadPermission = createPermission({
  name: 'fairness.tiles.read',
  attributes: { action: 'read' },
});

/**
 * Read entry bundles (the rounds themselves: player pseudonyms, wagers):
 * auditors, and mirror principals whose externalAccess token names it.
 * @public
 */
export const fairnessEntriesReadPermission = createPermission({
  name: 'fairness.entries.read',
  attributes: { action: 'read' },
});

/** @public */
export const fairnessPermissions = [
  fairnessLogReadPermission,
  fairnessEvidenceExportPermission,
  fairnessRoundIngestPermission,
  fairnessSeedCommitPermission,
  fairnessSeedRevealPermission,
  fairnessTreeHeadSignPermission,
  fairnessTilesReadPermission,
  fairnessEntriesReadPermission,
];
