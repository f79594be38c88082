import { ConflictError } from '@backstage/errors';
import { COST_SOURCES } from '@internal/plugin-cost-common';
import {
  CostSource,
  CostSourcesExtensionPoint,
} from '@internal/plugin-cost-node';

const ORDER = COST_SOURCES.map(s => s.id);

/**
 * The plugin's side of `costSourcesExtensionPoint`: collects the modules'
 * sources into `sources`, one per id, in the Sources panel's order whatever
 * order the modules start in.
 */
export function collectCostSources(
  sources: CostSource[],
): CostSourcesExtensionPoint {
  return {
    addSource(source) {
      if (sources.some(s => s.id === source.id)) {
        throw new ConflictError(
          `Cost source '${source.id}' was added twice; add one module per source`,
        );
      }
      sources.push(source);
      sources.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
    },
  };
}
