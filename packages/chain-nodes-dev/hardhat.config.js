// Hardhat 3 networks for the local chain nodes. Each network is one node of
// the local "casino-local" chain (chain id 31337); they differ only in how
// often they mine, so the portal sees a healthy pair and a lagging node.
// Ports and intervals live in src/nodes.mjs so the start script and the
// backend tests agree on them.
import { LOCAL_CHAIN_ID, LOCAL_NODES } from './src/nodes.mjs';

const networks = Object.fromEntries(
  LOCAL_NODES.map(node => [
    node.name,
    {
      type: 'edr-simulated',
      chainType: 'l1',
      chainId: LOCAL_CHAIN_ID,
      mining: { auto: false, interval: node.blockIntervalMs },
    },
  ]),
);

// For the backend tests: a node that only mines when told to (hardhat_mine),
// so heights are exact. Its chain id can be overridden with --chain-id.
networks['test-node'] = {
  type: 'edr-simulated',
  chainType: 'l1',
  chainId: LOCAL_CHAIN_ID,
  mining: { auto: false, interval: 0 },
};

/** @type {import('hardhat/config').HardhatUserConfig} */
export default {
  networks,
  paths: {
    // Hardhat writes artifacts and a cache even for `hardhat node`; keep them
    // out of the source tree.
    artifacts: process.env.CHAIN_NODES_STATE_DIR
      ? `${process.env.CHAIN_NODES_STATE_DIR}/artifacts`
      : './.hardhat/artifacts',
    cache: process.env.CHAIN_NODES_STATE_DIR
      ? `${process.env.CHAIN_NODES_STATE_DIR}/cache`
      : './.hardhat/cache',
  },
};
