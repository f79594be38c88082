import {
  ChainHealthRules,
  ChainNodeServer,
  ChainNodeState,
  NodeHealthEvaluation,
  ProbeObservation,
} from './types';

/**
 * Rules used for a chain that has no `chainNodes.chains.<name>` config.
 * @public
 */
export const DEFAULT_CHAIN_HEALTH_RULES: ChainHealthRules = {
  minPeers: 1,
  maxBlocksBehind: 5,
  blockTimeSeconds: 12,
  maxBlockAgeFactor: 10,
  maxLatencyMs: 2000,
};

/**
 * The chain head: the highest block that a majority of the chain's nodes
 * (reachable, on the right chain) have reached. One node's claim never sets
 * it: a fake or broken node reporting a huge height would otherwise mark every
 * healthy node "behind" and page their owners. With two nodes this is the
 * lower height, so a node can hide another's lag but never invent it.
 * @public
 */
export function computeChainHead(
  observations: ProbeObservation[],
  rules: Pick<ChainHealthRules, 'expectedChainId'>,
): number | undefined {
  const heights: number[] = [];
  for (const o of observations) {
    if (!o.reachable || o.error || o.blockNumber === undefined) continue;
    if (
      rules.expectedChainId !== undefined &&
      o.chainId !== rules.expectedChainId
    ) {
      continue;
    }
    heights.push(o.blockNumber);
  }
  if (!heights.length) {
    return undefined;
  }
  heights.sort((a, b) => b - a);
  const majority = Math.floor(heights.length / 2) + 1;
  return heights[majority - 1];
}

/**
 * Applies a chain's health rules to one probe of one node.
 *
 * Down: unreachable or not speaking JSON-RPC, Hetzner server not running,
 * wrong chain id. Degraded: too far behind the chain head, too few peers,
 * syncing, stale head block, slow RPC, or an auxiliary call failing.
 * @public
 */
export function evaluateNodeHealth(input: {
  observation: ProbeObservation;
  rules: ChainHealthRules;
  chainHead?: number;
  server?: ChainNodeServer;
  /** Evaluation time in unix milliseconds. */
  now: number;
}): NodeHealthEvaluation {
  const { observation: o, rules, chainHead, server, now } = input;
  const down: string[] = [];

  if (server?.status && server.status !== 'running') {
    down.push(`Hetzner server is ${server.status}`);
  }
  if (!o.reachable || o.error) {
    down.push(o.error ?? 'unreachable');
  }
  if (
    o.chainId !== undefined &&
    rules.expectedChainId !== undefined &&
    o.chainId !== rules.expectedChainId
  ) {
    down.push(
      `wrong chain: reports chain id ${o.chainId}, expected ${rules.expectedChainId}`,
    );
  }

  const blocksBehind =
    chainHead !== undefined && o.blockNumber !== undefined && !down.length
      ? Math.max(0, chainHead - o.blockNumber)
      : undefined;
  const blockAgeSeconds =
    o.latestBlockTimestamp !== undefined
      ? Math.max(0, Math.round(now / 1000 - o.latestBlockTimestamp))
      : undefined;

  if (down.length) {
    return { state: 'down', reasons: down, blockAgeSeconds };
  }

  const degraded: string[] = [];
  if (blocksBehind !== undefined && blocksBehind > rules.maxBlocksBehind) {
    degraded.push(
      `${blocksBehind} blocks behind the chain head ${chainHead} (limit ${rules.maxBlocksBehind})`,
    );
  }
  if (rules.minPeers > 0) {
    if (o.peerCount === null) {
      degraded.push(
        `does not report its peer count (net_peerCount unsupported), needs at least ${rules.minPeers}`,
      );
    } else if (o.peerCount !== undefined && o.peerCount < rules.minPeers) {
      degraded.push(
        `${o.peerCount} ${
          o.peerCount === 1 ? 'peer' : 'peers'
        }, needs at least ${rules.minPeers}`,
      );
    }
  }
  if (o.syncing) {
    degraded.push('syncing (eth_syncing reports sync in progress)');
  }
  const maxBlockAge = rules.maxBlockAgeFactor * rules.blockTimeSeconds;
  if (blockAgeSeconds !== undefined && blockAgeSeconds > maxBlockAge) {
    degraded.push(
      `latest block is ${blockAgeSeconds}s old (limit ${maxBlockAge}s = ${rules.maxBlockAgeFactor} × ${rules.blockTimeSeconds}s block time)`,
    );
  }
  if (o.latencyMs !== undefined && o.latencyMs > rules.maxLatencyMs) {
    degraded.push(
      `RPC answered in ${Math.round(o.latencyMs)} ms (limit ${
        rules.maxLatencyMs
      } ms)`,
    );
  }
  degraded.push(...(o.problems ?? []));

  return {
    state: degraded.length ? 'degraded' : 'healthy',
    reasons: degraded,
    blocksBehind,
    blockAgeSeconds,
  };
}

const SEVERITY: Record<ChainNodeState, number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  healthy: 3,
};

/**
 * Sort comparator: down first, then degraded, unknown, healthy.
 * @public
 */
export function compareStateWorstFirst(
  a: ChainNodeState,
  b: ChainNodeState,
): number {
  return SEVERITY[a] - SEVERITY[b];
}
