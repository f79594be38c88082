import {
  invalidOverlayPrice,
  NodeOverlayPrice,
  OverlayRequirement,
} from '@internal/pricing';
import { KubeObject } from '@internal/plugin-node-mix-common';
import {
  ClusterReadError,
  KubernetesClient,
} from '../clients/KubernetesClient';

/** Where Karpenter serves NodeOverlays (cluster-scoped, alpha). */
export const NODE_OVERLAYS_PATH = '/apis/karpenter.sh/v1alpha1/nodeoverlays';

const OPERATORS = new Set([
  'In',
  'NotIn',
  'Exists',
  'DoesNotExist',
  'Gt',
  'Lt',
  'Gte',
  'Lte',
]);

/** The price part of one NodeOverlay, or why it cannot be used. */
export function parseNodeOverlay(
  item: KubeObject,
): NodeOverlayPrice | { ignored: string } {
  const name = item?.metadata?.name;
  if (typeof name !== 'string' || !name) {
    return { ignored: 'a NodeOverlay without a name' };
  }
  const spec = item.spec ?? {};
  const weight = spec.weight ?? 0;
  if (!Number.isInteger(weight) || weight < 0 || weight > 10000) {
    return {
      ignored: `NodeOverlay '${name}': weight ${weight} is not 0..10000`,
    };
  }
  const requirements: OverlayRequirement[] = [];
  for (const r of Array.isArray(spec.requirements) ? spec.requirements : []) {
    if (
      typeof r?.key !== 'string' ||
      !OPERATORS.has(r?.operator) ||
      (r.values !== undefined &&
        !(
          Array.isArray(r.values) &&
          r.values.every((v: unknown) => typeof v === 'string')
        ))
    ) {
      return {
        ignored: `NodeOverlay '${name}': requirement ${JSON.stringify(r).slice(
          0,
          120,
        )} is not a node selector requirement`,
      };
    }
    requirements.push({ key: r.key, operator: r.operator, values: r.values });
  }
  const overlay: NodeOverlayPrice = {
    name,
    weight,
    requirements,
    ...(typeof spec.price === 'string' ? { price: spec.price } : {}),
    ...(typeof spec.priceAdjustment === 'string'
      ? { priceAdjustment: spec.priceAdjustment }
      : {}),
  };
  const bad = invalidOverlayPrice(overlay);
  return bad ? { ignored: `NodeOverlay '${name}' ${bad}` } : overlay;
}

/**
 * Reads a cluster's NodeOverlays that change prices. A cluster without the
 * NodeOverlay CRD (404) has none; one the portal may not read says so.
 */
export async function readNodeOverlays(
  reader: Pick<KubernetesClient, 'list'>,
): Promise<{ overlays: NodeOverlayPrice[]; problems: string[] }> {
  const overlays: NodeOverlayPrice[] = [];
  const problems: string[] = [];
  try {
    await reader.list(NODE_OVERLAYS_PATH, items => {
      for (const item of items) {
        const parsed = parseNodeOverlay(item);
        if ('ignored' in parsed) {
          problems.push(`${parsed.ignored}; ignored`);
        } else if (
          parsed.price !== undefined ||
          parsed.priceAdjustment !== undefined
        ) {
          overlays.push(parsed);
        }
      }
    });
  } catch (e) {
    if (e instanceof ClusterReadError && e.status === 404) {
      return { overlays: [], problems: [] };
    }
    problems.push(
      `NodeOverlays could not be read, prices are shown without them: ${
        (e as Error).message
      }`,
    );
  }
  return { overlays, problems };
}
