export interface Config {
  /**
   * The node-mix plugin: node mix, cost and consolidation of the clusters
   * listed under `kubernetes.clusterLocatorMethods` (type `config`, and
   * type `catalog` as `catalogClusters` describes).
   */
  nodeMix?: {
    /**
     * Seconds between refreshes of every cluster.
     * @default 60
     */
    refreshIntervalSeconds?: number;
    /**
     * Seconds one request to a cluster's API may take before the refresh fails.
     * @default 20
     */
    requestTimeoutSeconds?: number;
    /**
     * Following each cluster with Kubernetes watches after one paged list
     * (nodes, pods, NodePools, NodeClaims, EC2NodeClasses, PDBs), so pages
     * show a change within seconds. Each replica watches and serves reads
     * from its own cache; the scheduled refresh then stores the live state
     * (for history and replicas that cannot watch) instead of listing again.
     */
    watch?: {
      /**
       * Off: every cluster is listed in full each `refreshIntervalSeconds`.
       * @default true
       */
      enabled?: boolean;
      /**
       * Milliseconds from the first change to the recompute of the node
       * mix and the signal that tells open pages (changes arriving
       * meanwhile ride along). Reads get the last result meanwhile.
       * @default 500
       */
      debounceMilliseconds?: number;
      /**
       * `timeoutSeconds` asked of the API server per watch request; the
       * watch then resumes from the last resourceVersion seen.
       * @default 300
       */
      timeoutSeconds?: number;
    };
    /**
     * Items per list page (`limit`) when reading nodes and pods.
     * @default 500
     */
    pageSize?: number;
    /** Stored history. */
    history?: {
      /**
       * Minutes between stored history points per cluster.
       * @default 5
       */
      snapshotIntervalMinutes?: number;
      /**
       * Days of history kept; older points are deleted.
       * @default 30
       */
      retentionDays?: number;
    };
    /** How nodes are judged. */
    consolidation?: {
      /**
       * A node whose CPU and memory requests are both below this share of
       * allocatable is listed as under-used.
       * @default 0.5
       */
      underutilizedThreshold?: number;
    };
    /**
     * Clusters from the catalog: `kubernetes-cluster` Resources with the
     * Kubernetes plugin's annotations (`kubernetes.io/api-server`,
     * `kubernetes.io/api-server-certificate-authority`,
     * `kubernetes.io/auth-provider`, ...), read when
     * `kubernetes.clusterLocatorMethods` has a `type: catalog` method. Only
     * Resources from the portal's own `catalog.locations` are read; the
     * config's cluster wins on a name clash; `serviceAccount` auth is refused
     * (a token never lives in the catalog).
     */
    catalogClusters?: {
      /**
       * The only API servers a catalog cluster may point at, as
       * `https://host[:port]`; the host may start with `*.` for any
       * subdomain (`https://*.eks.amazonaws.com`). Scheme, host and port
       * must match. Empty: no catalog cluster is read.
       */
      allowedApiServers?: string[];
      /**
       * Seconds between reads of the catalog's clusters (on every replica).
       * @default 60
       */
      refreshIntervalSeconds?: number;
    };
    /** Prices. On-demand and spot rules come from `@internal/pricing`. */
    pricing?: {
      /**
       * Region for nodes without region/zone labels (the platform's).
       * @default eu-central-1
       */
      defaultRegion?: string;
      /** Extra or corrected on-demand prices: region -> instance type -> USD/hour. */
      onDemandOverrides?: {
        [region: string]: { [instanceType: string]: number };
      };
      /** Spot prices. */
      spot?: {
        /**
         * Where the configured spot prices come from; shown next to every
         * spot price.
         */
        source?: string;
        /**
         * Fraction below on-demand assumed for spot types without a configured
         * price (0..1); the NodePool estimate uses the same rule.
         * @default 0.6 (AWS_SPOT_PRICING of @internal/pricing)
         */
        defaultDiscount?: number;
        /** USD/hour by instance type (`m7g.xlarge`) or region and type (`eu-central-1/m7g.xlarge`). */
        prices?: { [instanceType: string]: number };
      };
      /**
       * Prices read from AWS and cached in the database with their date:
       * on-demand from the Price List API (`pricing:GetProducts`), spot from
       * EC2 `DescribeSpotPriceHistory`. Credentials come from the default AWS
       * chain (environment, profile, IRSA / EKS Pod Identity). Off: the
       * shipped table of `@internal/pricing` is used, and the pages say so.
       */
      aws?: {
        /**
         * Read prices from AWS.
         * @default false
         */
        enabled?: boolean;
        /**
         * Regions whose prices are read.
         * @default [nodeMix.pricing.defaultRegion]
         */
        regions?: string[];
        /**
         * Region of the Price List API endpoint (us-east-1, eu-central-1 or ap-south-1).
         * @default us-east-1
         */
        priceListRegion?: string;
        /**
         * Minutes between reads (once across replicas); at least 5.
         * @default 360
         */
        refreshIntervalMinutes?: number;
        /**
         * Instance families whose spot prices are read (every size).
         * @default ["m6i", "c6i", "r6i", "m7g", "c7g", "r7g"]
         */
        spotInstanceFamilies?: string[];
        /**
         * Attempts per AWS call while AWS throttles, with exponential back-off.
         * @default 5
         */
        maxAttempts?: number;
      };
      /**
       * Discounts off list prices (Savings Plans, an enterprise discount),
       * applied after any NodeOverlay, in order; pages show list and
       * effective price.
       */
      discounts?: Array<{
        /** Shown next to the effective price, e.g. "Compute Savings Plan". */
        name: string;
        /** Fraction off, 0 (none) to below 1; 0.28 = 28 % off. */
        rate: number;
        /**
         * Capacity types it covers.
         * @default ["on-demand"]
         */
        capacityTypes?: Array<'on-demand' | 'spot'>;
        /** Instance families it covers; all when absent. */
        instanceFamilies?: string[];
        /** Regions it covers; all when absent. */
        regions?: string[];
      }>;
      /** Karpenter NodeOverlays (`karpenter.sh/v1alpha1`) read from each cluster. */
      nodeOverlays?: {
        /**
         * Apply their `price` / `priceAdjustment` to matching nodes.
         * @default true
         */
        enabled?: boolean;
      };
    };
  };
}
