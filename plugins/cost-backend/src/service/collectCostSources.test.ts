import { CostSource } from '@internal/plugin-cost-node';
import { collectCostSources } from './collectCostSources';

const source = (id: CostSource['id']): CostSource => ({
  id,
  intervalMinutes: 60,
  import: async () => ({ days: [], rows: 0 }),
  report: () => ({ detail: id }),
});

describe('collectCostSources', () => {
  it("keeps the Sources panel's order whatever order the modules start in", () => {
    const sources: CostSource[] = [];
    const point = collectCostSources(sources);
    point.addSource(source('hetzner'));
    point.addSource(source('kubernetes'));
    point.addSource(source('aws'));
    expect(sources.map(s => s.id)).toEqual(['kubernetes', 'aws', 'hetzner']);
  });

  it('refuses a second source with the same id', () => {
    const point = collectCostSources([]);
    point.addSource(source('aws'));
    expect(() => point.addSource(source('aws'))).toThrow(
      "Cost source 'aws' was added twice; add one module per source",
    );
  });
});
