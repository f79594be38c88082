import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  Ec2PriceTable,
  estimateHetznerNode,
  estimateNodePool,
} from '../cost/estimate';

/**
 * `casino:cost:estimate`: what an infra change costs per month, from the
 * dated instance price tables, as markdown for the pull request body.
 *
 * @internal
 */
export function createCostEstimateAction(options: {
  ec2Prices: Ec2PriceTable;
}) {
  return createTemplateAction({
    id: 'casino:cost:estimate',
    description:
      'Estimates the monthly cost of a Karpenter NodePool (at its CPU limit) or a Hetzner chain node from the dated price tables',
    supportsDryRun: true,
    schema: {
      input: z =>
        z.discriminatedUnion('resource', [
          z.object({
            resource: z.literal('karpenter-nodepool'),
            families: z
              .array(z.string())
              .min(1, 'families: choose at least one instance family'),
            sizes: z
              .array(z.string())
              .min(1, 'sizes: choose at least one instance size'),
            cpuLimit: z.number().positive('cpuLimit must be positive'),
            region: z
              .string({ description: 'AWS region (default eu-central-1)' })
              .optional(),
          }),
          z.object({
            resource: z.literal('hetzner-node'),
            serverType: z.string(),
            volumeSizeGb: z.number().int().min(0),
          }),
        ]),
      output: {
        currency: z => z.enum(['USD', 'EUR']),
        monthlyMin: z => z.number(),
        monthlyMax: z => z.number(),
        summary: z => z.string(),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const estimate =
        input.resource === 'karpenter-nodepool'
          ? estimateNodePool(options.ec2Prices, {
              ...input,
              region: input.region ?? 'eu-central-1',
            })
          : estimateHetznerNode(input);
      ctx.logger.info(estimate.summary);
      ctx.output('currency', estimate.currency);
      ctx.output('monthlyMin', Math.round(estimate.monthlyMin * 100) / 100);
      ctx.output('monthlyMax', Math.round(estimate.monthlyMax * 100) / 100);
      ctx.output('summary', estimate.summary);
    },
  });
}
