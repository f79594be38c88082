/**
 * Offline verifier for provably-fair evidence bundles.
 *
 * @packageDocumentation
 */
export { main } from './cli';
export {
  checkAnchor,
  formatReport,
  EXIT_OK,
  EXIT_FAILED,
  EXIT_USAGE,
} from './verify';
export { startWitnessServer } from './witnessServer';
