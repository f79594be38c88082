export interface Config {
  cost?: {
    /** Hetzner chain nodes (catalog Resources of type chain-node). */
    hetzner?: {
      /** @default true */
      enabled?: boolean;
      /**
       * Hetzner Cloud API token; prices come from `GET /server_types`. Without
       * it, a dated local price table is used.
       * @visibility secret
       */
      token?: string;
      /** @default https://api.hetzner.cloud/v1 */
      baseUrl?: string;
      /**
       * EUR to USD rate applied to Hetzner prices, a decimal string.
       * @default "1.08"
       */
      eurToUsd?: string;
      /**
       * Days written on the first import (demo data when priced from the local table).
       * @default 30
       */
      backfillDays?: number;
      /** @default 60 */
      intervalMinutes?: number;
    };
  };
}
