import fs from 'node:fs/promises';
import path from 'node:path';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { workspaceChild } from './util';

/**
 * `casino:infra:assert-new-path`: fails early when a file or folder the
 * change would add already exists in the target repository.
 *
 * @internal
 */
export function createAssertNewPathAction() {
  return createTemplateAction({
    id: 'casino:infra:assert-new-path',
    description:
      'Fails when a path already exists in the fetched target repository (basePath)',
    supportsDryRun: true,
    schema: {
      input: {
        basePath: z => z.string(),
        path: z =>
          z.string({ description: 'Repository path that must not exist yet' }),
        message: z =>
          z.string({ description: 'Error message, naming the form field' }),
      },
    },
    async handler(ctx) {
      const base = workspaceChild(ctx, ctx.input.basePath, 'basePath');
      const target = workspaceChild(
        ctx,
        path.join(ctx.input.basePath, ctx.input.path),
        'path',
      );
      if (!target.startsWith(base)) throw new ConflictError(ctx.input.message);
      try {
        await fs.access(target);
      } catch {
        ctx.logger.info(`${ctx.input.path} does not exist yet`);
        return;
      }
      throw new ConflictError(
        `${ctx.input.message} (${ctx.input.path} already exists)`,
      );
    },
  });
}
