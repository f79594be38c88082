import { CpuTurns } from './CpuTurns';

const nextCheckPhase = () => new Promise(resolve => setImmediate(resolve));

describe('CpuTurns', () => {
  it('lets one waiter through per event-loop turn, in arrival order', async () => {
    const turns = new CpuTurns();
    const ran: number[] = [];
    const jobs = [1, 2, 3].map(n => turns.next().then(() => ran.push(n)));
    expect(ran).toEqual([]);
    await nextCheckPhase();
    expect(ran).toEqual([1]);
    await nextCheckPhase();
    expect(ran).toEqual([1, 2]);
    await Promise.all(jobs);
    expect(ran).toEqual([1, 2, 3]);
  });
});
