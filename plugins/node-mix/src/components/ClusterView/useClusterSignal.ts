import {
  nodeMixClusterChannel,
  NodeMixClusterSignal,
} from '@internal/plugin-node-mix-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';

/** Refetches at most this often, however fast the cluster changes. */
const MIN_GAP_MS = 1000;

/**
 * Calls `refetch` when the backend signals that the cluster changed (its
 * watches saw a change), at most once per second with a trailing call so
 * the last change is always fetched. The signal carries no data; the
 * refetch goes through the permission-checked read API. Returns whether
 * signals are available (else the page's polling is all there is).
 */
export function useClusterSignal(cluster: string, refetch: () => void) {
  const { lastSignal, isSignalsAvailable } = useSignal<NodeMixClusterSignal>(
    nodeMixClusterChannel(cluster),
  );
  const refetchRef = useRef(refetch);
  refetchRef.current = refetch;
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    if (!lastSignal || lastSignal.cluster !== cluster) {
      return;
    }
    const wait = last.current + MIN_GAP_MS - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      refetchRef.current();
    } else if (!timer.current) {
      timer.current = setTimeout(() => {
        timer.current = undefined;
        last.current = Date.now();
        refetchRef.current();
      }, wait);
    }
  }, [lastSignal, cluster]);

  useEffect(() => () => clearTimeout(timer.current), []);
  return { live: isSignalsAvailable };
}
