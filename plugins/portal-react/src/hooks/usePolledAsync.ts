import { DependencyList, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';

/**
 * What {@link usePolledAsync} returns: `value` is the last good value,
 * kept while the next load runs and after it fails (then `error` says why).
 *
 * @public
 */
export type PolledAsyncState<T> = {
  loading: boolean;
  error?: Error;
  value?: T;
  /** Loads now. */
  retry: () => void;
};

const sameDeps = (a: DependencyList, b: DependencyList) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/**
 * Loads with `fn`, then again every `intervalMs`, so a page refreshes in
 * place. A failed refresh keeps the last good value beside the error (react-use's
 * `useAsyncRetry` alone drops it), so one bad poll does not blank a page; when
 * `deps` change, the old value is not carried over to the new subject.
 *
 * @public
 */
export function usePolledAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number,
): PolledAsyncState<T> {
  // Each value remembers the deps it was loaded for.
  const state = useAsyncRetry(async () => ({ value: await fn(), deps }), deps);
  useInterval(state.retry, intervalMs);
  const lastGood = useRef<{ value: T; deps: DependencyList }>();
  if (state.value) {
    lastGood.current = state.value;
  }
  const kept =
    state.error && lastGood.current && sameDeps(lastGood.current.deps, deps)
      ? lastGood.current.value
      : undefined;
  return {
    loading: state.loading,
    error: state.error,
    value: state.value ? state.value.value : kept,
    retry: state.retry,
  };
}
