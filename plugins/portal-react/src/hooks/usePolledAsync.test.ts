import { act, renderHook } from '@testing-library/react';

// Lets the resolved loads reach the hook without moving the clock.
const settle = () => act(async () => {});
import { usePolledAsync } from './usePolledAsync';

describe('usePolledAsync', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('loads, then loads again every interval', async () => {
    let n = 0;
    const load = jest.fn(async () => ++n);
    const { result } = renderHook(() => usePolledAsync(load, [], 10_000));
    await settle();
    expect(result.current.value).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);

    await act(async () => {
      jest.advanceTimersByTime(9_999);
    });
    expect(load).toHaveBeenCalledTimes(1);

    await act(async () => {
      jest.advanceTimersByTime(1);
    });
    expect(load).toHaveBeenCalledTimes(2);
    await settle();
    expect(result.current.value).toBe(2);

    await act(async () => {
      jest.advanceTimersByTime(10_000);
    });
    await settle();
    expect(result.current.value).toBe(3);
  });

  it('keeps showing the last value while the next one loads', async () => {
    let release: (v: string) => void = () => {};
    const load = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('first')
      .mockImplementationOnce(() => new Promise(r => (release = r)));
    const { result } = renderHook(() => usePolledAsync(load, [], 10_000));
    await settle();
    expect(result.current.value).toBe('first');

    await act(async () => {
      jest.advanceTimersByTime(10_000);
    });
    expect(result.current.loading).toBe(true);
    expect(result.current.value).toBe('first');

    await act(async () => release('second'));
    expect(result.current.value).toBe('second');
  });

  it('keeps the last good value beside the error when a refresh fails', async () => {
    const load = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('first')
      .mockRejectedValueOnce(new Error('502 Bad Gateway'))
      .mockResolvedValueOnce('third');
    const { result } = renderHook(() => usePolledAsync(load, [], 10_000));
    await settle();
    expect(result.current.value).toBe('first');

    await act(async () => {
      jest.advanceTimersByTime(10_000);
    });
    await settle();
    expect(result.current.error?.message).toBe('502 Bad Gateway');
    expect(result.current.value).toBe('first');

    await act(async () => {
      jest.advanceTimersByTime(10_000);
    });
    await settle();
    expect(result.current.error).toBeUndefined();
    expect(result.current.value).toBe('third');
  });

  it("does not show the last subject's value when the new one fails", async () => {
    const load = jest.fn(async (name: string) => {
      if (name === 'b') throw new Error('no such cluster');
      return `value of ${name}`;
    });
    const { result, rerender } = renderHook(
      ({ name }) => usePolledAsync(() => load(name), [name], 10_000),
      { initialProps: { name: 'a' } },
    );
    await settle();
    expect(result.current.value).toBe('value of a');

    rerender({ name: 'b' });
    await settle();
    expect(result.current.error?.message).toBe('no such cluster');
    expect(result.current.value).toBeUndefined();
  });

  it('stops polling when the component goes away', async () => {
    const load = jest.fn(async () => 1);
    const { unmount } = renderHook(() => usePolledAsync(load, [], 10_000));
    unmount();
    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    expect(load).toHaveBeenCalledTimes(1);
  });
});
