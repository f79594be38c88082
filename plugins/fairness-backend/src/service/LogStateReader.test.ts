import { LogStateReader } from './LogStateReader';

function fakeLog() {
  let size = 0;
  const pending: Array<() => void> = [];
  const log = {
    reads: 0,
    grow: () => {
      size += 1;
    },
    release: () => pending.splice(0).forEach(r => r()),
    countRounds: async () => {
      log.reads += 1;
      const at = size;
      await new Promise<void>(r => pending.push(r));
      return at;
    },
    latestTreeHead: async () => undefined,
  };
  return log;
}

describe('LogStateReader', () => {
  it('shares a read in flight between concurrent callers', async () => {
    const log = fakeLog();
    const reader = new LogStateReader(log);
    const a = reader.read();
    const b = reader.read();
    log.release();
    expect(await a).toEqual({ treeSize: 0, head: undefined });
    expect(await b).toBe(await a);
    expect(log.reads).toBe(1);
  });

  it('does not share a read that started before a write of this process', async () => {
    const log = fakeLog();
    const reader = new LogStateReader(log);
    const before = reader.read();
    log.grow();
    reader.wrote();
    const after = reader.read();
    log.release();
    expect((await before).treeSize).toBe(0);
    expect((await after).treeSize).toBe(1);
    expect(log.reads).toBe(2);
  });

  it('reads again once the shared read is done', async () => {
    const log = fakeLog();
    const reader = new LogStateReader(log);
    const first = reader.read();
    log.release();
    await first;
    log.grow();
    const second = reader.read();
    log.release();
    expect((await second).treeSize).toBe(1);
  });
});
