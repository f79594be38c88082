import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ExchangeRate,
  PLATFORM_REGION,
  PriceTable,
  SpotPricing,
} from '@internal/pricing';
import { estimateHetznerNode, estimateNodePool } from '../cost/estimate';
import { DNS_1123_LABEL, workspaceChild } from './util';

/**
 * The AWS region of an environment, as its Terragrunt `env.hcl` sets it
 * (`aws_region = "eu-central-1"`), or undefined when the file or key is
 * missing.
 */
function environmentRegion(
  base: string,
  environment: string,
): string | undefined {
  const file = path.join(base, 'infra/terragrunt/envs', environment, 'env.hcl');
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const m = /^\s*aws_region\s*=\s*"([a-z0-9-]+)"/m.exec(
    fs.readFileSync(file, 'utf8'),
  );
  return m?.[1];
}

/**
 * `casino:cost:estimate`: what an infra change costs per month, from
 * node-mix's prices (AWS prices with their dates, discounts; the dated
 * tables of `@internal/pricing` when node-mix cannot answer), as markdown for the pull
 * request body. A NodePool is priced in its environment's region (read from
 * the environment's `env.hcl` under `basePath`), else the platform's region.
 *
 * @internal
 */
export function createCostEstimateAction(options: {
  /** node-mix's prices (live AWS prices and discounts), or the shipped table. */
  ec2Prices: () => Promise<{ priceTable: PriceTable; spot?: SpotPricing }>;
  exchangeRate: ExchangeRate;
}) {
  return createTemplateAction({
    id: 'casino:cost:estimate',
    description:
      "Estimates the monthly cost of a Karpenter NodePool (at its CPU and memory limits, spot or on-demand) or a Hetzner chain node from node-mix's prices (each named with its source and date)",
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
            memoryLimitGi: z
              .number()
              .positive('memoryLimitGi must be positive')
              .optional(),
            capacityTypes: z
              .array(z.enum(['spot', 'on-demand']))
              .min(1, 'capacityTypes: choose spot, on-demand or both')
              .optional(),
            region: z
              .string({
                description: `AWS region (default: the environment's, else ${PLATFORM_REGION})`,
              })
              .optional(),
            environment: z
              .string({ description: 'Environment whose region to use' })
              .optional(),
            basePath: z
              .string({
                description: 'Workspace folder holding infra/ (the base tree)',
              })
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
      let estimate;
      if (input.resource === 'karpenter-nodepool') {
        if (
          input.environment !== undefined &&
          !DNS_1123_LABEL.test(input.environment)
        ) {
          throw new InputError(
            `environment '${input.environment}' must be a DNS-1123 label`,
          );
        }
        const region =
          input.region ??
          (input.environment
            ? environmentRegion(
                workspaceChild(ctx, input.basePath, 'basePath'),
                input.environment,
              )
            : undefined) ??
          PLATFORM_REGION;
        const { priceTable, spot } = await options.ec2Prices();
        estimate = estimateNodePool(priceTable, { ...input, region, spot });
      } else {
        estimate = estimateHetznerNode(input, options.exchangeRate);
      }
      ctx.logger.info(estimate.summary);
      ctx.output('currency', estimate.currency);
      ctx.output('monthlyMin', Math.round(estimate.monthlyMin * 100) / 100);
      ctx.output('monthlyMax', Math.round(estimate.monthlyMax * 100) / 100);
      ctx.output('summary', estimate.summary);
    },
  });
}
