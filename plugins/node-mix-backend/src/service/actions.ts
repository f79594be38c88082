import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ClusterStatus,
  ClusterSummary,
  ConsolidationBlocker,
  Fleet,
  GroupStat,
  KarpenterEvent,
  NodeDetail,
  NodeRow,
  nodeMixClusterReadPermission,
} from '@internal/plugin-node-mix-common';

/** What the actions read ({@link NodeMixReader} and the fleet). */
export interface NodeMixActionsSource {
  getClusterJson(name: string): string;
  getNodesJson(name: string): string;
  fleet(): Fleet;
  /** The node read live, with Karpenter's events about it and its NodeClaim. */
  getNodeDetail?(
    cluster: string,
    node: string,
    nodeClaim?: string,
  ): Promise<NodeDetail>;
  /** The share of allocatable below which a node counts as under-used. */
  underutilizedThreshold: number;
}

// The same rules as the router's path parameters.
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const percent = (share: number) => `${Math.round(share * 100)} %`;

function readCluster(source: NodeMixActionsSource, name: string) {
  const cluster = JSON.parse(source.getClusterJson(name)) as ClusterStatus;
  if (!cluster.summary) {
    throw new NotFoundError(
      `No read of cluster '${name}' yet${
        cluster.error ? `: ${cluster.error}` : ''
      }`,
    );
  }
  return cluster as ClusterStatus & { summary: ClusterSummary };
}

const mixOf = (groups: GroupStat[]) =>
  groups.map(g => ({
    key: g.key,
    nodes: g.nodes,
    vcpu: g.vcpu,
    costPerHour: Math.round(g.costPerHour * 100) / 100,
  }));

/** What Karpenter itself said about the node (events read live), if anything. */
async function karpenterSays(
  source: NodeMixActionsSource,
  cluster: string,
  node: string,
  nodeClaim: string | undefined,
): Promise<{ karpenter: KarpenterEvent[]; karpenterError?: string }> {
  if (!source.getNodeDetail) {
    return { karpenter: [] };
  }
  try {
    const detail = await source.getNodeDetail(cluster, node, nodeClaim);
    return {
      karpenter: detail.consolidation?.karpenter ?? [],
      ...(detail.consolidation?.karpenterError
        ? { karpenterError: detail.consolidation.karpenterError }
        : {}),
    };
  } catch (e) {
    // The portal's reasons from the last read still answer.
    return { karpenter: [], karpenterError: String((e as Error).message) };
  }
}

/**
 * Why one node is or is not removed by consolidation, in words: the
 * portal's reasons from the last read, then Karpenter's own events (verbatim).
 */
export async function explainNodeConsolidation(
  source: NodeMixActionsSource,
  clusterName: string,
  nodeName: string,
) {
  const portal = explainNode(source, clusterName, nodeName);
  const { karpenter, karpenterError } = await karpenterSays(
    source,
    clusterName,
    nodeName,
    portal.nodeClaim,
  );
  const said = karpenter
    .map(e => `${e.reason} on ${e.objectKind} ${e.objectName}: ${e.message}`)
    .join(' | ');
  return {
    ...portal,
    explanation: said
      ? `${portal.explanation.replace(/\.?$/, '.')} Karpenter says: ${said}`
      : portal.explanation,
    karpenter: karpenter.map(e => ({
      objectKind: e.objectKind,
      objectName: e.objectName,
      reason: e.reason,
      message: e.message,
      count: e.count,
      ageSeconds: e.ageSeconds,
      ...(e.score
        ? { score: e.score.score, threshold: e.score.threshold }
        : {}),
    })),
    ...(karpenterError ? { karpenterError } : {}),
  };
}

/** The portal's side of {@link explainNodeConsolidation}. */
export function explainNode(
  source: NodeMixActionsSource,
  clusterName: string,
  nodeName: string,
) {
  const cluster = readCluster(source, clusterName);
  const { summary } = cluster;
  const candidate = summary.consolidation.candidates.find(
    c => c.node === nodeName,
  );
  const base = {
    cluster: clusterName,
    node: nodeName,
    readAt: summary.generatedAt,
  };
  if (candidate) {
    const what =
      candidate.kind === 'empty'
        ? 'is empty'
        : `is under-used (CPU ${percent(
            candidate.cpuUtilization,
          )}, memory ${percent(candidate.memoryUtilization)} requested)`;
    const explanation = {
      consolidatable: `The node ${what} and nothing blocks it: Karpenter should remove or replace it.`,
      disrupting: `The node ${what} and Karpenter is already disrupting it.`,
      blocked: `The node ${what} but is not consolidated: ${candidate.blockers
        .map(b => b.message)
        .join('; ')}`,
    }[candidate.state];
    const row = (
      JSON.parse(source.getNodesJson(clusterName)) as { items: NodeRow[] }
    ).items.find(n => n.name === nodeName);
    return {
      ...base,
      nodeClaim: row?.nodeClaim,
      verdict: candidate.state,
      explanation,
      nodePool: candidate.nodePool,
      instanceType: candidate.instanceType,
      capacityType: candidate.capacityType,
      pricePerHour: candidate.pricePerHour,
      blockers: candidate.blockers,
    };
  }
  const nodes = JSON.parse(source.getNodesJson(clusterName)) as {
    items: NodeRow[];
  };
  const row = nodes.items.find(n => n.name === nodeName);
  if (!row) {
    throw new NotFoundError(
      `Cluster '${clusterName}' has no node '${nodeName}'`,
    );
  }
  const cpu = row.cpuAllocatable ? row.cpuRequested / row.cpuAllocatable : 0;
  const memory = row.memoryAllocatable
    ? row.memoryRequested / row.memoryAllocatable
    : 0;
  return {
    ...base,
    nodeClaim: row.nodeClaim,
    verdict: 'in-use' as const,
    explanation: `The node is not a consolidation candidate: its pods request CPU ${percent(
      cpu,
    )} and memory ${percent(
      memory,
    )} of allocatable, not both below the under-used threshold of ${percent(
      source.underutilizedThreshold,
    )}.`,
    nodePool: row.nodePool,
    instanceType: row.instanceType,
    capacityType: row.capacityType,
    pricePerHour: row.pricePerHour,
    blockers: [] as ConsolidationBlocker[],
  };
}

/** A cluster's node mix and cost, the numbers of its page. */
export function clusterMix(source: NodeMixActionsSource, clusterName: string) {
  const cluster = readCluster(source, clusterName);
  const { summary: s } = cluster;
  const best = [...s.whatIf.scenarios].sort(
    (a, b) => b.savingsPerHour - a.savingsPerHour,
  )[0];
  return {
    cluster: clusterName,
    state: cluster.state,
    ...(cluster.error ? { error: cluster.error } : {}),
    readAt: s.generatedAt,
    dataAgeSeconds: cluster.dataAgeSeconds ?? null,
    nodes: s.totals.nodes,
    pods: s.pods,
    vcpu: s.totals.vcpu,
    memoryBytes: s.totals.memoryBytes,
    costPerHour: Math.round(s.totals.costPerHour * 100) / 100,
    costPerMonth: Math.round(s.totals.costPerMonth),
    costIsLowerBound: s.totals.costIsLowerBound,
    priceSource: s.pricing.source,
    gravitonNodeShare: s.gravitonShare.nodes,
    spotNodeShare: s.spotShare.nodes,
    byArch: mixOf(s.mix.arch),
    byCapacityType: mixOf(s.mix.capacityType),
    byNodePool: mixOf(s.mix.nodePool),
    consolidation: {
      empty: s.consolidation.empty,
      underutilized: s.consolidation.underutilized,
      blocked: s.consolidation.blocked,
      consolidatableCostPerHour:
        Math.round(s.consolidation.consolidatableCostPerHour * 100) / 100,
    },
    ...(best && best.savingsPerHour > 0
      ? {
          bestSavings: {
            scenario: best.label,
            savingsPerHour: Math.round(best.savingsPerHour * 100) / 100,
            savingsPercent: Math.round(best.savingsPercent * 10) / 10,
          },
        }
      : {}),
  };
}

/**
 * Registers node-mix's actions with the actions registry, so the MCP
 * endpoint (`@backstage/plugin-mcp-actions-backend`) offers them to
 * assistants. Each checks `node-mix.cluster.read` for the caller's
 * credentials, like the HTTP routes, and is hidden from callers without it.
 */
export function registerNodeMixActions(options: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  source: NodeMixActionsSource;
}) {
  const { actionsRegistry, permissions, source } = options;
  const authorize = async (credentials: BackstageCredentials) => {
    const [decision] = await permissions.authorize(
      [{ permission: nodeMixClusterReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${nodeMixClusterReadPermission.name}`,
      );
    }
  };
  const common = {
    visibilityPermission: nodeMixClusterReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
  };

  actionsRegistry.register({
    ...common,
    name: 'explain-node-consolidation',
    title: 'Explain why a node is (not) consolidated',
    description:
      "Says why Karpenter does or does not remove a Kubernetes node: empty or under-used, and what blocks it (do-not-disrupt annotations, PodDisruptionBudgets, NodePool budgets or policy). Reads the portal's last read of the cluster; list clusters with get-fleet-warnings.",
    schema: {
      input: z =>
        z.object({
          cluster: z
            .string()
            .regex(CLUSTER_NAME)
            .describe('Cluster name, e.g. demo-eks-dev'),
          node: z
            .string()
            .max(253)
            .regex(DNS_SUBDOMAIN)
            .describe(
              'Node name, e.g. ip-10-0-1-23.eu-central-1.compute.internal',
            ),
        }),
      output: z =>
        z.object({
          cluster: z.string(),
          node: z.string(),
          nodeClaim: z.string().optional(),
          readAt: z.string(),
          verdict: z
            .enum(['consolidatable', 'blocked', 'disrupting', 'in-use'])
            .describe('What Karpenter should do with the node'),
          explanation: z.string(),
          nodePool: z.string(),
          instanceType: z.string(),
          capacityType: z.string(),
          pricePerHour: z.number().nullable(),
          blockers: z.array(
            z.object({ kind: z.string(), message: z.string() }),
          ),
          karpenter: z
            .array(
              z.object({
                objectKind: z.string(),
                objectName: z.string(),
                reason: z.string(),
                message: z.string().describe("Karpenter's text, verbatim"),
                count: z.number(),
                ageSeconds: z.number(),
                score: z.number().optional(),
                threshold: z.number().optional(),
              }),
            )
            .describe(
              "Karpenter's own events about the node and its NodeClaim",
            ),
          karpenterError: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorize(credentials);
      return {
        output: await explainNodeConsolidation(
          source,
          input.cluster,
          input.node,
        ),
      };
    },
  });

  const mixGroup = (z: any) =>
    z.array(
      z.object({
        key: z.string(),
        nodes: z.number(),
        vcpu: z.number(),
        costPerHour: z.number(),
      }),
    );
  actionsRegistry.register({
    ...common,
    name: 'get-cluster-mix',
    title: "A cluster's node mix and cost",
    description:
      "Nodes, pods, vCPU, cost per hour and month, and the mix by architecture (arm64 = Graviton), capacity type (spot/on-demand) and NodePool of one Kubernetes cluster, with consolidation counts and the best savings scenario, from the portal's last read.",
    schema: {
      input: z =>
        z.object({
          cluster: z
            .string()
            .regex(CLUSTER_NAME)
            .describe('Cluster name, e.g. demo-eks-prod'),
        }),
      output: z =>
        z.object({
          cluster: z.string(),
          state: z.enum(['ok', 'error', 'pending']),
          error: z.string().optional(),
          readAt: z.string(),
          dataAgeSeconds: z.number().nullable(),
          nodes: z.number(),
          pods: z.number(),
          vcpu: z.number(),
          memoryBytes: z.number(),
          costPerHour: z.number().describe('USD per hour'),
          costPerMonth: z.number().describe('USD per month'),
          costIsLowerBound: z.boolean(),
          priceSource: z.string(),
          gravitonNodeShare: z.number(),
          spotNodeShare: z.number(),
          byArch: mixGroup(z),
          byCapacityType: mixGroup(z),
          byNodePool: mixGroup(z),
          consolidation: z.object({
            empty: z.number(),
            underutilized: z.number(),
            blocked: z.number(),
            consolidatableCostPerHour: z.number(),
          }),
          bestSavings: z
            .object({
              scenario: z.string(),
              savingsPerHour: z.number(),
              savingsPercent: z.number(),
            })
            .optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorize(credentials);
      return { output: clusterMix(source, input.cluster) };
    },
  });

  actionsRegistry.register({
    ...common,
    name: 'get-fleet-warnings',
    title: "The fleet's warnings",
    description:
      'Every Kubernetes cluster the portal reads, with its state (ok, error, pending) and its warnings: unreachable clusters, unschedulable pods, NodePools near their limits, EC2NodeClasses not Ready, drifted or expiring NodeClaims and data problems. Also fleet totals (nodes, USD per hour).',
    schema: {
      input: z =>
        z.object({
          cluster: z
            .string()
            .regex(CLUSTER_NAME)
            .optional()
            .describe('Only this cluster'),
        }),
      output: z =>
        z.object({
          generatedAt: z.string(),
          totals: z.object({
            clusters: z.number(),
            clustersOk: z.number(),
            clustersFailing: z.number(),
            nodes: z.number(),
            costPerHour: z.number(),
            warnings: z.number(),
          }),
          clusters: z.array(
            z.object({
              name: z.string(),
              state: z.enum(['ok', 'error', 'pending']),
              dataAgeSeconds: z.number().optional(),
              warnings: z.array(
                z.object({ kind: z.string(), message: z.string() }),
              ),
            }),
          ),
          problems: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorize(credentials);
      const fleet = source.fleet();
      const clusters = fleet.clusters.filter(
        c => !input.cluster || c.name === input.cluster,
      );
      if (input.cluster && clusters.length === 0) {
        throw new NotFoundError(`Unable to find cluster '${input.cluster}'`);
      }
      return {
        output: {
          generatedAt: fleet.generatedAt,
          totals: {
            ...fleet.totals,
            costPerHour: Math.round(fleet.totals.costPerHour * 100) / 100,
          },
          clusters: clusters.map(c => ({
            name: c.name,
            state: c.state,
            ...(c.dataAgeSeconds !== undefined
              ? { dataAgeSeconds: c.dataAgeSeconds }
              : {}),
            warnings: c.warnings.map(w => ({
              kind: w.kind,
              message: w.message,
            })),
          })),
          problems: fleet.problems,
        },
      };
    },
  });
}
