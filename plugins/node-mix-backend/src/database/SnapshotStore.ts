import { HistoryPoint } from '@internal/plugin-node-mix-common';

/** What is kept about a cluster's last refresh, without the snapshot bodies. */
export interface StoredClusterState {
  cluster: string;
  demo: boolean;
  kubernetesVersion?: string;
  lastAttemptAt?: Date;
  lastSuccessAt?: Date;
  error?: string;
  refreshDurationMs?: number;
}

/** The serialized bodies of a cluster's last good snapshot. */
export interface StoredSnapshot {
  summaryJson: string;
  nodesJson: string;
}

/** Persistence of node-mix state and history. */
export interface SnapshotStore {
  saveSuccess(
    state: StoredClusterState,
    snapshot: StoredSnapshot,
  ): Promise<void>;
  saveFailure(cluster: string, attemptAt: Date, error: string): Promise<void>;
  listStates(): Promise<StoredClusterState[]>;
  getSnapshot(cluster: string): Promise<StoredSnapshot | undefined>;
  addHistoryPoint(cluster: string, point: HistoryPoint): Promise<void>;
  lastHistoryAt(cluster: string): Promise<Date | undefined>;
  listHistory(cluster: string, since: Date): Promise<HistoryPoint[]>;
  /** Deletes points older than `before`; returns how many. */
  deleteHistoryBefore(before: Date): Promise<number>;
}
