import { DependencyList } from 'react';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';

/**
 * Loads with `fn`, then again every `intervalMs`; the last value stays
 * while the next one loads, so a page refreshes in place. `retry` loads now.
 *
 * @public
 */
export function usePolledAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number,
): AsyncStateRetry<T> {
  const state = useAsyncRetry(fn, deps);
  useInterval(state.retry, intervalMs);
  return state;
}
