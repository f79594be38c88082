export interface Config {
  cost?: {
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
  };
}
