/**
 * A local Kubernetes-API-compatible endpoint serving a deterministic
 * Karpenter cluster, for the portal's local default, tests and benchmarks.
 *
 * @packageDocumentation
 */
export { DemoClusterModel } from './model';
export { readKarpenterManifests } from './nodePools';
export type {
  DemoClusterSpec,
  K8sObject,
  ClusterState,
  ResourceKey,
} from './model';
export { startDemoClusterServer, DEFAULT_DEMO_TOKENS } from './server';
export type {
  DemoClusterServer,
  DemoClusterServerOptions,
  TokenRole,
} from './server';
export { readCatalogServices, DEFAULT_SERVICES } from './catalog';
export type { DemoService } from './catalog';
export { readGitOpsReleases, watchGitOps } from './gitops';
export type { GitOpsReading } from './gitops';
export { RunningRelease, scheduleOne } from './releases';
export type { GitOpsRelease, SchedulableNode } from './releases';
