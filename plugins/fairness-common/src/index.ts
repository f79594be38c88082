/**
 * Provably-fair audit log primitives shared by the fairness backend, frontend
 * and the offline verifier: RFC 9162 Merkle trees, Stake-compatible game
 * results, canonical round encoding and C2SP signed tree heads.
 *
 * @packageDocumentation
 */

export * from './merkle';
export * from './games';
export * from './round';
export * from './payout';
export * from './checkpoint';
export * from './permissions';
export * from './tiles';
export * from './cosignature';
export * from './policy';
export * from './receipt';
export * from './tileTree';
export * from './witness';
export * from './evidencePack';
export * from './http';
export {
  EVIDENCE_FORMAT,
  verifyEvidenceBundle,
  expectedAnchorData,
  type EvidenceBundle,
  type EvidenceCheck,
  type EvidenceReport,
} from './evidence';
export {
  bytesToBase64,
  base64ToBytes,
  bytesToHex,
  hexToBytes,
  bytesEqual,
  utf8ToBytes,
} from './encoding';
