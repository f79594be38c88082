// The local default's chain nodes. Keep in sync with catalog/chain-nodes.yaml
// and the `chainNodes.chains.casino-local` block in app-config.yaml.

/** Chain id of the local chain (Hardhat's default development chain id). */
export const LOCAL_CHAIN_ID = 31337;

/**
 * Nodes started by scripts/services/chain-nodes.sh. Independent Hardhat nodes
 * don't sync with each other, so each keeps its own chain; the portal's chain
 * head is the highest height across them. Two mine every second (healthy),
 * one every 5 seconds and falls behind by ~0.8 blocks per second (lagging).
 */
export const LOCAL_NODES = [
  { name: 'local-node-1', port: 8545, blockIntervalMs: 1000 },
  { name: 'local-node-2', port: 8546, blockIntervalMs: 1000 },
  { name: 'local-node-3', port: 8547, blockIntervalMs: 5000 },
];

/** Configured in the catalog but never started: the portal shows it as down. */
export const LOCAL_DOWN_NODE = { name: 'local-node-4', port: 8548 };
