/**
 * The Backstage signal channel that tells open pages a cluster's node mix
 * changed: one channel per cluster, so a page subscribes to the cluster it
 * shows. The message says only which version is now served; the page then
 * refetches through the permission-checked read API.
 * @public
 */
export function nodeMixClusterChannel(cluster: string): string {
  return `node-mix:cluster:${cluster}`;
}

/** What a {@link nodeMixClusterChannel} signal carries. @public */
export type NodeMixClusterSignal = {
  cluster: string;
  /** Grows with every recompute on the replica that sent it. */
  version: number;
};
