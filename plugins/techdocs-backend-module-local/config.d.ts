import { HumanDuration } from '@backstage/types';

export interface Config {
  techdocs?: {
    /**
     * Builds the TechDocs sites of catalog entities whose docs are in a local
     * folder (`backstage.io/techdocs-ref: dir:...` on a `file:` location) when
     * the backend starts and then periodically, and refreshes the TechDocs
     * search index afterwards, so the docs are searchable before anyone opens
     * them. Only used with `techdocs.builder: local`.
     */
    localPrebuild?: {
      /**
       * @default true
       */
      enabled?: boolean;
      /**
       * How often unchanged sites are checked again (a site whose files did
       * not change is not rebuilt).
       * @default { minutes: 10 }
       */
      frequency?: HumanDuration;
      /**
       * Delay after start before the first build, so the catalog has read its
       * locations.
       * @default { seconds: 15 }
       */
      initialDelay?: HumanDuration;
    };
  };
}
