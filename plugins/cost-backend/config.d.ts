export interface Config {
  /**
   * The cost plugin: daily cost per team, service, cluster and source.
   * Every source is optional; the Cost page shows which are configured.
   */
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
    /** AWS Cost Explorer. Without this key the source is not configured. */
    aws?: {
      /** @default us-east-1 */
      region?: string;
      /** Static credentials; without them the default AWS credential chain (instance role, env) is used. */
      accessKeyId?: string;
      /** @visibility secret */
      secretAccessKey?: string;
      /** @visibility secret */
      sessionToken?: string;
      /**
       * Cost-allocation tag holding the team (group name).
       * @default team
       */
      teamTag?: string;
      /**
       * Cost-allocation tag holding the service (kubernetes-id / component name).
       * @default service
       */
      serviceTag?: string;
      /**
       * Days re-imported on every run (Cost Explorer revises recent days).
       * @default 14
       */
      lookbackDays?: number;
      /**
       * AWS services left out, so EC2 compute already allocated from the
       * clusters is not counted twice.
       * @default ["Amazon Elastic Compute Cloud - Compute"]
       */
      excludeServices?: string[];
      /**
       * Minutes between imports.
       * @default 360
       */
      intervalMinutes?: number;
    };
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
    /**
     * Monthly budget in USD per team (group name or ref), e.g. `direct: "5000"`.
     * The team is notified once a month when the month's forecast exceeds it.
     */
    budgets?: { [team: string]: string | number };
    /**
     * How Kubernetes cost reaches teams. A pod's team is the owner of its
     * `backstage.io/kubernetes-id` component, else the Group whose
     * `casino.io/kubernetes-namespaces` annotation names its namespace (or
     * the owner of a component annotated `backstage.io/kubernetes-namespace`).
     */
    allocation?: {
      /**
       * How idle capacity and shared namespaces are spread over the teams
       * that requested resources in the hour: `proportional` to each team's
       * requested cost, `even` per team, or `none` (kept as their own rows).
       * @default proportional
       */
      shareRule?: 'proportional' | 'even' | 'none';
      /**
       * Namespaces whose pods serve every team.
       * @default ["kube-system", "monitoring"]
       */
      sharedNamespaces?: string[];
      /**
       * Share the part of the nodes no pod requested (idle).
       * @default true
       */
      shareIdle?: boolean;
    };
  };
}
