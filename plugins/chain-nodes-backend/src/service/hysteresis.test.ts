import { ChainNodeState } from '@internal/plugin-chain-nodes-common';
import { advanceNodeStatus } from './hysteresis';

function run(states: ChainNodeState[], confirmAfter: number) {
  let status: ReturnType<typeof advanceNodeStatus>['next'] | undefined;
  const changes: string[] = [];
  states.forEach((state, i) => {
    const { next, change } = advanceNodeStatus(
      status,
      state,
      i * 1000,
      confirmAfter,
    );
    status = next;
    if (change)
      changes.push(
        `${i}:${change.from}->${change.to}${
          change.initial ? ' (initial)' : ''
        }`,
      );
  });
  return { status: status!, changes };
}

describe('advanceNodeStatus', () => {
  it('confirms the first probe without a notifiable change', () => {
    expect(run(['healthy'], 2).changes).toEqual([
      '0:unknown->healthy (initial)',
    ]);
  });

  it('confirms a new state only after enough consecutive probes, dated from its first probe', () => {
    const { status, changes } = run(['healthy', 'down', 'down', 'down'], 2);
    expect(changes).toEqual([
      '0:unknown->healthy (initial)',
      '2:healthy->down',
    ]);
    expect(status).toEqual({
      observedState: 'down',
      observedSince: 1000,
      observedCount: 3,
      confirmedState: 'down',
      confirmedSince: 1000,
    });
  });

  it('never confirms a node that flaps every probe', () => {
    const { changes } = run(
      ['healthy', 'down', 'healthy', 'down', 'healthy', 'down'],
      2,
    );
    expect(changes).toEqual(['0:unknown->healthy (initial)']);
  });

  it('needs the same streak to recover', () => {
    const { changes } = run(
      ['healthy', 'down', 'down', 'healthy', 'down', 'healthy', 'healthy'],
      2,
    );
    expect(changes).toEqual([
      '0:unknown->healthy (initial)',
      '2:healthy->down',
      '6:down->healthy',
    ]);
  });

  it('changes at once with confirmAfter 1', () => {
    expect(run(['healthy', 'degraded'], 1).changes).toEqual([
      '0:unknown->healthy (initial)',
      '1:healthy->degraded',
    ]);
  });
});
