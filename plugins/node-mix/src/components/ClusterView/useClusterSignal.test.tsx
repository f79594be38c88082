import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { useClusterSignal } from './useClusterSignal';

function fakeSignals() {
  const listeners = new Map<string, Array<(m: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), onMessage]);
      return {
        unsubscribe: () =>
          listeners.set(
            channel,
            (listeners.get(channel) ?? []).filter(l => l !== onMessage),
          ),
      };
    },
  };
  const send = (channel: string, message: object) =>
    act(() => {
      for (const l of listeners.get(channel) ?? []) l({ ...message });
    });
  return { api, send, listeners };
}

describe('useClusterSignal', () => {
  it('refetches on a signal for its cluster, at most once a second with a trailing refetch', async () => {
    const signals = fakeSignals();
    const refetch = jest.fn();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, signals.api]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useClusterSignal('prod', refetch), {
      wrapper,
    });
    expect(result.current.live).toBe(true);
    expect([...signals.listeners.keys()]).toEqual(['node-mix:cluster:prod']);

    signals.send('node-mix:cluster:prod', { cluster: 'prod', version: 1 });
    expect(refetch).toHaveBeenCalledTimes(1);
    signals.send('node-mix:cluster:prod', { cluster: 'prod', version: 2 });
    signals.send('node-mix:cluster:prod', { cluster: 'prod', version: 3 });
    expect(refetch).toHaveBeenCalledTimes(1);
    // the last change is still fetched
    await waitFor(() => expect(refetch).toHaveBeenCalledTimes(2), {
      timeout: 2000,
    });
    // a message naming another cluster does nothing
    await new Promise(r => setTimeout(r, 1100));
    signals.send('node-mix:cluster:prod', { cluster: 'dev', version: 4 });
    expect(refetch).toHaveBeenCalledTimes(2);
  });

  it('says the page is not live without the signals API', () => {
    const { result } = renderHook(() => useClusterSignal('prod', jest.fn()), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <TestApiProvider apis={[]}>{children}</TestApiProvider>
      ),
    });
    expect(result.current.live).toBe(false);
  });
});
