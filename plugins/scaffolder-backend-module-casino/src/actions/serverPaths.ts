import os from 'node:os';
import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * Replaces server folders in a text by short labels, longest folder first
 * (the git folder usually sits inside the project), so task logs and errors
 * shown to users do not reveal the portal's disk layout.
 *
 * @internal
 */
export function redactServerPaths(
  text: string,
  folders: Record<string, string | undefined>,
): string {
  const entries = Object.entries(folders)
    .filter((e): e is [string, string] => !!e[1] && e[1] !== '/')
    .map(([label, dir]) => [label, dir.replace(/\/+$/, '')] as const)
    .sort((a, b) => b[1].length - a[1].length);
  let out = text;
  for (const [label, dir] of entries) out = out.split(dir).join(label);
  return out;
}

function redactingLogger(
  logger: LoggerService,
  redact: (s: string) => string,
): LoggerService {
  return {
    error: (m, meta) => logger.error(redact(m), meta),
    warn: (m, meta) => logger.warn(redact(m), meta),
    info: (m, meta) => logger.info(redact(m), meta),
    debug: (m, meta) => logger.debug(redact(m), meta),
    child: meta => redactingLogger(logger.child(meta), redact),
  };
}

/**
 * Wraps one of this module's actions so that its log lines and error
 * messages name the git folder, the project, the task workspace and the
 * temp folder by label instead of by path. Outputs are left alone: the
 * local default's clone URL is meant for the user.
 *
 * @internal
 */
export function withoutServerPaths<T extends TemplateAction<any, any, any>>(
  action: T,
  folders: { gitDir?: string; projectRepo?: string },
): T {
  return {
    ...action,
    async handler(ctx: any) {
      const redact = (s: string) =>
        redactServerPaths(s, {
          '<workspace>': ctx.workspacePath,
          '<local git>': folders.gitDir,
          '<project>': folders.projectRepo,
          '<temp>': os.tmpdir(),
        });
      try {
        return await action.handler({
          ...ctx,
          logger: redactingLogger(ctx.logger, redact),
        });
      } catch (e) {
        if (isError(e)) {
          e.message = redact(e.message);
          if (e.stack) e.stack = redact(e.stack);
        }
        throw e;
      }
    },
  };
}
