/**
 * Provably-fair audit log backend: append-only RFC 9162 Merkle log of game
 * rounds with Ed25519-signed, optionally anchored tree heads.
 *
 * @packageDocumentation
 */
export { fairnessPlugin as default } from './plugin';
