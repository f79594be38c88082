import path from 'node:path';
import { InputError } from '@backstage/errors';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { GitAuthor } from '../git/git';

/** Commit identity of the user running the task. @internal */
export function authorOf(ctx: ActionContext<any, any>): GitAuthor {
  const profile = ctx.user?.entity?.spec?.profile;
  const name =
    profile?.displayName ??
    ctx.user?.entity?.metadata.name ??
    'Casino Platform Portal';
  const email = profile?.email ?? 'portal@casino.local';
  return { name, email };
}

/** Resolves a path inside the task workspace, refusing escapes. @internal */
export function workspaceChild(
  ctx: ActionContext<any, any>,
  rel: string | undefined,
  field: string,
) {
  const abs = path.resolve(ctx.workspacePath, rel ?? '.');
  const r = path.relative(ctx.workspacePath, abs);
  if (r.startsWith('..') || path.isAbsolute(r)) {
    throw new InputError(
      `${field} '${rel}' must stay inside the task workspace`,
    );
  }
  return abs;
}

/** A DNS-1123 label: what Kubernetes, the catalog and our repositories accept as a name. @internal */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
