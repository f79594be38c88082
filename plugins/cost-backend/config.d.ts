export interface Config {
  /**
   * The cost plugin: daily cost per team, service, cluster and source.
   * Every source is a module with its own keys (`cost.kubernetes`,
   * `cost.aws`, `cost.hetzner`: see each module's config.d.ts); the Cost
   * page shows which are configured.
   */
  cost?: {
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
