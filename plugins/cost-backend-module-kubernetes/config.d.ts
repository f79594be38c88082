export interface Config {
  cost?: {
    /** Kubernetes compute: the clusters under `kubernetes.clusterLocatorMethods`, priced with `nodeMix.pricing`. */
    kubernetes?: {
      /**
       * Allocate the clusters' node prices to services and teams.
       * @default true
       */
      enabled?: boolean;
      /**
       * Minutes between samples; each sample replaces the current hour.
       * @default 15
       */
      sampleIntervalMinutes?: number;
      /**
       * Days a demo cluster (its /version says `-demo`) is backfilled on
       * first start, marked as demo data, when the demo backfill module is
       * added and `cost.demoBackfill.enabled` is set. 0 = off.
       * @default 30
       */
      backfillDays?: number;
      /**
       * Days of hourly allocations kept (days stay).
       * @default 100
       */
      hourlyRetentionDays?: number;
    };
  };
}
