import { DemoClusterModel, DemoService } from '@internal/demo-cluster';
import { AllocationRow, HourAllocation } from '@internal/plugin-cost-node';
import { KubeObject } from '@internal/plugin-node-mix-common';

const HOUR_MS = 3_600_000;

/** `YYYY-MM-DDTHH` of a time. */
function hourKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}

/** Lets the event loop run: pending requests, timers and I/O. */
const yieldToEventLoop = () => new Promise<void>(r => setImmediate(r));

/**
 * Runs the demo cluster model from `start` to `end`, one churn step per
 * hour, and allocates every hour, yielding to the event loop between hours
 * (a month is 720 hours: one synchronous loop froze every route for over a
 * minute).
 * @internal
 */
export async function generateDemoHours(options: {
  cluster: string;
  start: number;
  end: number;
  nodes: number;
  pods: number;
  services: DemoService[];
  seed?: number;
  allocate(objects: {
    nodes: KubeObject[];
    pods: KubeObject[];
  }): HourAllocation;
  onHour?(hour: string, allocation: HourAllocation): void;
}): Promise<Array<{ hour: string; rows: AllocationRow[]; demo: true }>> {
  let clock = options.start;
  const model = new DemoClusterModel({
    name: options.cluster,
    nodes: options.nodes,
    pods: options.pods,
    seed: options.seed ?? 20261127,
    services: options.services,
    now: () => clock,
  });
  const hours: Array<{ hour: string; rows: AllocationRow[]; demo: true }> = [];
  for (; clock < options.end; clock += HOUR_MS) {
    if (clock > options.start) {
      model.churn();
    }
    const state = model.current();
    const allocation = options.allocate({
      nodes: state.collections.get('core/nodes') as KubeObject[],
      pods: state.collections.get('core/pods') as KubeObject[],
    });
    const hour = hourKey(clock);
    options.onHour?.(hour, allocation);
    hours.push({ hour, rows: allocation.rows, demo: true });
    await yieldToEventLoop();
  }
  return hours;
}
