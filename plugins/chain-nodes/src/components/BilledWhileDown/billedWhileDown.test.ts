import { fleet } from '../testData';
import { billedWhileDown } from './billedWhileDown';

const down = fleet.nodes[0];

describe('billedWhileDown', () => {
  it('flags a down node whose server the Hetzner API still lists, running or off', () => {
    for (const status of ['running', 'off']) {
      expect(
        billedWhileDown({
          ...down,
          server: { source: 'hetzner-api', serverId: 101, status },
        }),
      ).toBe(
        `Billed while down: Hetzner server #101 (${status}) is charged whether it runs or not`,
      );
    }
  });

  it('does not flag a node that serves, or one whose server is not known to Hetzner', () => {
    const server = {
      source: 'hetzner-api' as const,
      serverId: 101,
      status: 'running',
    };
    expect(billedWhileDown({ ...down, state: 'degraded', server })).toBe(
      undefined,
    );
    expect(billedWhileDown({ ...down, state: 'healthy', server })).toBe(
      undefined,
    );
    // Without a Hetzner token the portal cannot know what is billed.
    expect(billedWhileDown(down)).toBe(undefined);
    expect(
      billedWhileDown({ ...down, server: { source: 'hetzner-api' } }),
    ).toBe(undefined);
  });
});
