import {
  AWS_ON_DEMAND_PRICES,
  AWS_SPOT_PRICING,
  PLATFORM_REGION,
  resolvePrice,
  sumMicros,
  unitsToMicros,
} from '@internal/pricing';
import { DEFAULT_SERVICES } from '@internal/demo-cluster';
import { allocateHour } from '@internal/plugin-cost-node';
import { KubeObject, LABELS } from '@internal/plugin-node-mix-common';
import { generateDemoHours } from './generateDemoHours';

const nodeMix = {
  priceTable: AWS_ON_DEMAND_PRICES,
  spot: { ...AWS_SPOT_PRICING, defaultDiscount: 0.6 },
  defaultRegion: PLATFORM_REGION,
};
const owners = new Map([
  ['wallet', 'group:default/mono'],
  ['game-dice', 'group:default/direct'],
]);

// The bill of the hour computed straight from the nodes, independent of the allocator.
function nodeBill(nodes: KubeObject[]): number {
  let bill = 0;
  for (const n of nodes) {
    const l = n.metadata!.labels!;
    const price = resolvePrice(
      nodeMix.priceTable,
      nodeMix.spot,
      l[LABELS.zone].replace(/[a-z]$/, ''),
      l[LABELS.instanceType],
      l[LABELS.capacityType] ?? 'on-demand',
    ).perHour;
    if (price !== null) bill += unitsToMicros(price);
  }
  return bill;
}

jest.setTimeout(60_000);

describe('generateDemoHours', () => {
  it('allocates a month of the demo cluster hour by hour, adding up exactly to the node bills', async () => {
    const start = Date.parse('2026-10-28T00:00:00Z');
    let billed = 0;
    const hours = await generateDemoHours({
      cluster: 'demo-test',
      start,
      end: start + 30 * 24 * 3_600_000,
      nodes: 20,
      pods: 300,
      services: DEFAULT_SERVICES,
      allocate: objects => {
        billed += nodeBill(objects.nodes);
        return allocateHour(objects, {
          ...nodeMix,
          teamOf: s => owners.get(s),
        });
      },
    });
    expect(hours).toHaveLength(720);
    expect(hours[0].hour).toBe('2026-10-28T00');
    expect(hours.every(h => h.demo)).toBe(true);
    const allocated = sumMicros(hours.flatMap(h => h.rows.map(r => r.amount)));
    expect(billed).toBeGreaterThan(0);
    expect(allocated).toBe(billed);
    // services of the catalog get their teams, idle stays visible
    const rows = hours.flatMap(h => h.rows);
    expect(
      rows.some(r => r.service === 'wallet' && r.team === 'group:default/mono'),
    ).toBe(true);
    expect(rows.some(r => r.service === '__idle__' && r.amount > 0)).toBe(true);
  });

  it('lets the backend answer meanwhile: the event loop runs between hours', async () => {
    const start = Date.parse('2026-10-28T00:00:00Z');
    let allocated = 0;
    // what a request arriving during the backfill sees: how many hours were
    // done when its turn on the event loop came
    const seenAt: number[] = [];
    const timer = setInterval(() => seenAt.push(allocated), 0);
    try {
      await generateDemoHours({
        cluster: 'demo-test',
        start,
        end: start + 48 * 3_600_000,
        nodes: 5,
        pods: 50,
        services: DEFAULT_SERVICES,
        allocate: objects => {
          allocated++;
          return allocateHour(objects, {
            ...nodeMix,
            teamOf: s => owners.get(s),
          });
        },
      });
    } finally {
      clearInterval(timer);
    }
    expect(seenAt.some(n => n > 0 && n < 48)).toBe(true);
  });
});
