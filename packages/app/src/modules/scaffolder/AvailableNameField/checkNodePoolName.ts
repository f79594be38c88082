import { NodeMixApi } from '@internal/plugin-node-mix';
import { isDns1123Label, NameCheck } from './checkName';

/**
 * Asks the clusters (through node-mix, which follows every cluster's
 * Karpenter NodePools) whether a NodePool of that name runs anywhere: the
 * template's manifest, infra/kubernetes/karpenter/nodepool-<name>.yaml, is
 * shared by every environment. A pool still in an unmerged pull request is
 * not in any cluster; the enable-nodepool step refuses its name again.
 */
export async function checkNodePoolName(
  nodeMixApi: Pick<NodeMixApi, 'listClusters' | 'getCluster'>,
  name: string,
): Promise<NameCheck> {
  if (!isDns1123Label(name)) return { state: 'invalid' };
  let clusters;
  try {
    const listed = await nodeMixApi.listClusters();
    clusters = await Promise.all(
      listed.map(c => nodeMixApi.getCluster(c.name)),
    );
  } catch (e) {
    return {
      state: 'unknown',
      message: `Could not ask the clusters whether '${name}' is free; the task checks it again before writing anything.`,
    };
  }
  const runningIn = clusters
    .filter(c => c.summary?.nodePools.some(p => p.name === name))
    .map(c => c.title ?? c.name);
  if (runningIn.length) {
    return {
      state: 'taken',
      message: `'${name}' is already a NodePool in ${runningIn.join(
        ' and ',
      )}. Choose another name.`,
    };
  }
  const unread = clusters.filter(c => !c.summary).map(c => c.title ?? c.name);
  return {
    state: 'free',
    message: `'${name}' is free: no NodePool of that name in ${
      clusters.length - unread.length
    } cluster${clusters.length - unread.length === 1 ? '' : 's'}${
      unread.length ? ` (${unread.join(', ')} not read yet)` : ''
    }.`,
  };
}
