import {
  ChainNodeStatus,
  compareStateWorstFirst,
} from '@internal/plugin-chain-nodes-common';

export interface LocationGroup {
  location: string;
  nodes: ChainNodeStatus[];
}

export interface ChainGroup {
  chain: string;
  locations: LocationGroup[];
}

const worst = (nodes: ChainNodeStatus[]) =>
  nodes.map(n => n.state).sort(compareStateWorstFirst)[0];

/** Groups nodes by chain, then location; worst group and node first. */
export function groupFleet(nodes: ChainNodeStatus[]): ChainGroup[] {
  const chains = new Map<string, Map<string, ChainNodeStatus[]>>();
  for (const node of nodes) {
    const location = node.server.location ?? 'unknown location';
    const byLocation = chains.get(node.chain) ?? new Map();
    byLocation.set(location, [...(byLocation.get(location) ?? []), node]);
    chains.set(node.chain, byLocation);
  }
  const groups = [...chains].map(([chain, byLocation]) => ({
    chain,
    locations: [...byLocation]
      .map(([location, list]) => ({
        location,
        nodes: [...list].sort(
          (a, b) =>
            compareStateWorstFirst(a.state, b.state) ||
            a.name.localeCompare(b.name),
        ),
      }))
      .sort(
        (a, b) =>
          compareStateWorstFirst(worst(a.nodes), worst(b.nodes)) ||
          a.location.localeCompare(b.location),
      ),
  }));
  return groups.sort(
    (a, b) =>
      compareStateWorstFirst(
        worst(a.locations.flatMap(l => l.nodes)),
        worst(b.locations.flatMap(l => l.nodes)),
      ) || a.chain.localeCompare(b.chain),
  );
}
