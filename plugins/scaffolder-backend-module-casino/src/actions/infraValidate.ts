import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatInfraFinding,
  InfraTreeValidator,
  InfraValidationResult,
} from '../infra/types';
import { workspaceChild } from './util';

/**
 * `casino:infra:validate`: runs the infra validator (HCL parse, module
 * contract, Karpenter CRD schemas, chart values schema) on the target
 * repository's tree with the task's changes applied. Problems the change
 * introduces fail the task with the validator's messages, before anything
 * is published; problems already on the base branch are reported only.
 *
 * @internal
 */
export function createInfraValidateAction(options: {
  validate: InfraTreeValidator;
  /** Where the merged copy is made (default: the OS temp folder) */
  tempDir?: string;
}) {
  return createTemplateAction({
    id: 'casino:infra:validate',
    description:
      "Validates Terraform, Terragrunt, Karpenter and chart values changes with the platform's infra validator; fails on problems the change introduces",
    supportsDryRun: true,
    schema: {
      input: {
        basePath: z =>
          z.string({
            description:
              "Workspace folder with the target repository's current files (e.g. base, holding base/infra)",
          }),
        changesPath: z =>
          z.string({
            description:
              'Workspace folder with the changed files, laid out like the repository (e.g. out, holding out/infra)',
          }),
      },
      output: {
        valid: z => z.boolean(),
        filesChecked: z => z.number(),
        summary: z =>
          z.string({
            description: 'Markdown result for the pull request body',
          }),
        findings: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const base = workspaceChild(ctx, ctx.input.basePath, 'basePath');
      const changes = workspaceChild(ctx, ctx.input.changesPath, 'changesPath');
      // Not ctx.createTemporaryDirectory(): the scaffolder removes those only
      // when the step succeeds, and a rejected change would leave a copy of
      // the whole infra tree behind on every run
      const merged = await fs.mkdtemp(
        path.join(options.tempDir ?? os.tmpdir(), 'casino-infra-validate-'),
      );
      let before: InfraValidationResult;
      let after: InfraValidationResult;
      try {
        await fs.cp(base, merged, { recursive: true });
        await fs.cp(changes, merged, { recursive: true, force: true });
        before = await options.validate(base);
        after = await options.validate(merged);
      } finally {
        await fs.rm(merged, { recursive: true, force: true });
      }
      const known = new Set(before.findings.map(formatInfraFinding));
      const introduced = after.findings.filter(
        f => !known.has(formatInfraFinding(f)),
      );
      const errors = introduced.filter(f => f.severity === 'error');
      const warnings = introduced.filter(f => f.severity === 'warning');
      const preexisting = after.findings.length - introduced.length;

      for (const f of after.findings) {
        const line = formatInfraFinding(f);
        if (known.has(line))
          ctx.logger.info(`already on the base branch: ${line}`);
        else if (f.severity === 'error') ctx.logger.error(line);
        else ctx.logger.warn(line);
      }
      if (errors.length) {
        throw new InputError(
          `The infra validator rejected the change (${errors.length} error${
            errors.length === 1 ? '' : 's'
          }); nothing was published:\n${errors
            .map(f => `- ${formatInfraFinding(f)}`)
            .join('\n')}`,
        );
      }
      const lines = [
        `**Infra validator:** passed — ${after.filesChecked} files checked (HCL parse, module contract, Karpenter CRD schema, chart values schema), no errors introduced.`,
        ...warnings.map(f => `- ⚠️ ${formatInfraFinding(f)}`),
        ...(preexisting
          ? [
              `- ${preexisting} finding(s) already on the base branch, unchanged by this pull request.`,
            ]
          : []),
      ];
      const summary = lines.join('\n');
      ctx.logger.info(summary);
      ctx.output('valid', true);
      ctx.output('filesChecked', after.filesChecked);
      ctx.output('summary', summary);
      ctx.output('findings', introduced.map(formatInfraFinding));
    },
  });
}
