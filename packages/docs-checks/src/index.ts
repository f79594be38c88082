/**
 * Checks for the repository's documentation sites.
 *
 * @packageDocumentation
 */
export { findMkdocsConfigs, loadSite, buildSite } from './sites';
export type { MkdocsSite, BuildResult } from './sites';
export { checkLinks, findLinks, listMarkdown } from './links';
export type { Problem } from './links';
export { checkCommands, readRepoCommands } from './commands';
export { checkRepository } from './checkRepository';
export {
  checkProductionStarts,
  findProductionStarts,
} from './productionCommands';
export type { ProductionStart } from './productionCommands';
export type { SiteReport } from './checkRepository';
export { checkCatalogDocsRefs } from './catalogDocs';
export type { DocsRef } from './catalogDocs';
