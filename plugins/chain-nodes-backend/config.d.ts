export interface Config {
  /** Configuration of the chain-nodes plugin (Hetzner chain-node health). */
  chainNodes?: {
    /**
     * Seconds between two probe cycles over all chain nodes.
     * @default 15
     */
    probeIntervalSeconds?: number;
    /**
     * Timeout of each JSON-RPC call, in milliseconds.
     * @default 3000
     */
    probeTimeoutMs?: number;
    /**
     * How many nodes are probed at the same time.
     * @default 20
     */
    probeConcurrency?: number;
    /**
     * Consecutive probes a node must show a new state before the state change
     * is recorded as an event and notified (hysteresis against flapping).
     * @default 2
     */
    confirmAfterProbes?: number;
    /**
     * Where the poller may send JSON-RPC probes. The `casino.io/rpc-endpoint`
     * annotation of a node outside this list is not contacted (the node shows
     * as down with the reason). Entries: a host name or IP, optionally with a
     * port (`127.0.0.1:8545`), a domain's subdomains (`.chains.internal`), or
     * a CIDR range (`10.100.0.0/16`, matching IP literals only). Only http and https URLs without credentials are used,
     * and redirects are not followed.
     * @default ["127.0.0.1", "::1", "localhost"]
     */
    allowedRpcHosts?: string[];
    /** Notifications to the owning team on confirmed state changes. */
    notifications?: {
      /**
       * Send notifications at all.
       * @default true
       */
      enabled?: boolean;
      /**
       * Entity refs (groups or users) notified of every confirmed change
       * besides the node's owner, e.g. the on-call group.
       * @default []
       */
      alsoNotify?: string[];
    };
    /** How long history is kept. */
    retention?: {
      /**
       * Hours every single probe result is kept; older ones only survive as
       * hourly roll-ups. Must be at least 24 (the 24 h charts use raw probes).
       * @default 48
       */
      rawHours?: number;
      /**
       * Days hourly roll-ups are kept (uptime 7 d / 30 d, long charts).
       * @default 90
       */
      rollupDays?: number;
      /**
       * Days state-change events are kept.
       * @default 365
       */
      eventDays?: number;
    };
    /**
     * Health rules per chain, keyed by the chain name used in the
     * `casino.io/chain` annotation. Unlisted chains use the defaults.
     */
    chains?: {
      [chain: string]: {
        /** Chain id every node of this chain must report (eth_chainId). */
        expectedChainId?: number;
        /**
         * Fewer peers is degraded; 0 disables the check (Hardhat and other
         * standalone dev nodes do not implement net_peerCount).
         * @default 1
         */
        minPeers?: number;
        /**
         * More blocks behind the chain head (the highest height a majority of
         * the chain's reachable nodes reached, never one node's claim) is
         * degraded.
         * @default 5
         */
        maxBlocksBehind?: number;
        /**
         * Expected seconds between blocks.
         * @default 12
         */
        blockTimeSeconds?: number;
        /**
         * A head block older than this many block times is degraded.
         * @default 10
         */
        maxBlockAgeFactor?: number;
        /**
         * An RPC round trip slower than this is degraded, in milliseconds.
         * @default 2000
         */
        maxLatencyMs?: number;
      };
    };
    /**
     * Hetzner Cloud API. Without a token, server facts come from the
     * `hetzner.cloud/*` annotations and no reconciliation is done.
     */
    hetzner?: {
      /**
       * Hetzner Cloud API token (read-only is enough). Backend only.
       * @visibility secret
       */
      token?: string;
      /**
       * API base URL.
       * @default https://api.hetzner.cloud/v1
       */
      baseUrl?: string;
      /**
       * Label selector for chain-node servers; the `hetzner-nodes` Terraform
       * module sets `role=chain-node`, `chain` and `environment` labels.
       * @default role==chain-node
       */
      labelSelector?: string;
      /**
       * Seconds between two reads of the server list.
       * @default 300
       */
      refreshIntervalSeconds?: number;
    };
  };
}
