import { mockServices } from '@backstage/backend-test-utils';
import { CheckpointPublisher } from './CheckpointPublisher';

describe('CheckpointPublisher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(publishMs = 300) {
    const starts: number[] = [];
    const publish = jest.fn(async () => {
      starts.push(Date.now());
      await new Promise(r => setTimeout(r, publishMs));
    });
    const publisher = new CheckpointPublisher({
      publish,
      intervalMs: 1000,
      logger: mockServices.logger.mock(),
    });
    return { publisher, publish, starts };
  }

  it('publishes right after the first ingest, then at most once per interval, covering what arrived meanwhile', async () => {
    const { publisher, publish, starts } = setup();
    const t0 = Date.now();
    publisher.notify();
    await jest.advanceTimersByTimeAsync(0);
    expect(publish).toHaveBeenCalledTimes(1);
    // Rounds during the publication and after it: one more, a second after the first.
    for (let i = 0; i < 5; i++) {
      publisher.notify();
      await jest.advanceTimersByTimeAsync(150);
    }
    expect(publish).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(starts.map(t => t - t0)).toEqual([0, 1000]);
    // Nothing new: nothing more.
    await jest.advanceTimersByTimeAsync(5000);
    expect(publish).toHaveBeenCalledTimes(2);
    await publisher.stop();
  });

  it('never runs two publications at once, even when one outlasts the interval', async () => {
    const { publisher, publish, starts } = setup(2500);
    const t0 = Date.now();
    publisher.notify();
    await jest.advanceTimersByTimeAsync(100);
    publisher.notify();
    await jest.advanceTimersByTimeAsync(2000);
    expect(publish).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(500);
    expect(publish).toHaveBeenCalledTimes(2);
    // The next starts as the first ends (a timer's minimum 1 ms later).
    expect(starts[1] - t0).toBeGreaterThanOrEqual(2500);
    expect(starts[1] - t0).toBeLessThanOrEqual(2501);
    await jest.advanceTimersByTimeAsync(2500);
    await publisher.stop();
  });

  it('keeps publishing after a failed publication, and stops on shutdown', async () => {
    const logger = mockServices.logger.mock();
    const publish = jest
      .fn()
      .mockRejectedValueOnce(new Error('witness unreachable'))
      .mockResolvedValue(undefined);
    const publisher = new CheckpointPublisher({
      publish,
      intervalMs: 1000,
      logger,
    });
    publisher.notify();
    await jest.advanceTimersByTimeAsync(0);
    expect(logger.warn).toHaveBeenCalledWith(
      'could not publish a checkpoint after ingest: witness unreachable',
    );
    publisher.notify();
    await jest.advanceTimersByTimeAsync(1000);
    expect(publish).toHaveBeenCalledTimes(2);
    await publisher.stop();
    publisher.notify();
    await jest.advanceTimersByTimeAsync(5000);
    expect(publish).toHaveBeenCalledTimes(2);
  });
});
