import { describeAge, describeBasis } from '@internal/pricing';
import type { AppliedAdjustment } from '@internal/pricing';
import { formatUsd } from './format';

export { describeAge, describeBasis };
export type {
  AppliedAdjustment,
  NodeOverlayPrice,
  PriceBasis,
  PriceDiscount,
} from '@internal/pricing';

/** "−8% (NodeOverlay graviton-edp), 28% off (Compute Savings Plan)". @public */
export function describeAdjustments(applied: AppliedAdjustment[]): string {
  return applied
    .map(
      a =>
        `${a.change} (${a.kind === 'node-overlay' ? 'NodeOverlay ' : ''}${
          a.name
        }) → ${formatUsd(a.perHourAfter)}/h`,
    )
    .join(', ');
}
