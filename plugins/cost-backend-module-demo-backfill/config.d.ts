export interface Config {
  cost?: {
    demoBackfill?: {
      /**
       * Replays the demo cluster's model to fill the past
       * `cost.kubernetes.backfillDays` of a demo cluster without history.
       * The local default sets it; production never does.
       * @default false
       */
      enabled?: boolean;
    };
  };
}
