import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { redactServerPaths, withoutServerPaths } from './serverPaths';

describe('redactServerPaths', () => {
  it('names nested folders by label, the longest first', () => {
    expect(
      redactServerPaths(
        'cloned /srv/portal/data/git/casino-platform.git from /srv/portal/ into /srv/portal/data/git',
        { '<project>': '/srv/portal/', '<local git>': '/srv/portal/data/git' },
      ),
    ).toBe(
      'cloned <local git>/casino-platform.git from <project>/ into <local git>',
    );
  });
});

describe('withoutServerPaths', () => {
  const action = withoutServerPaths(
    createTemplateAction({
      id: 'test:paths',
      async handler(ctx) {
        ctx.logger.info(`wrote ${ctx.workspacePath}/out and /srv/git/a.git`);
        throw new InputError(`Branch 'x' already exists in /srv/git/a.git`);
      },
    }),
    { gitDir: '/srv/git', projectRepo: '/srv/project' },
  );

  it('keeps server paths out of log lines and errors, and the error type', async () => {
    const info = jest.fn();
    const error = await action
      .handler({
        workspacePath: '/work/tasks/123',
        logger: { info },
        input: {},
      } as any)
      .catch(e => e);
    expect(info).toHaveBeenCalledWith(
      'wrote <workspace>/out and <local git>/a.git',
      undefined,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      "Branch 'x' already exists in <local git>/a.git",
    );
  });
});
