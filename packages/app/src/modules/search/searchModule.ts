import {
  ApiBlueprint,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { searchApiRef } from '@backstage/plugin-search-react';
import { DocsFirstSearchClient } from './DocsFirstSearchClient';

/** Replaces the search plugin's client: docs results rank first. */
const docsFirstSearchApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: searchApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DocsFirstSearchClient({ discoveryApi, fetchApi }),
    }),
});

export const searchModule = createFrontendModule({
  pluginId: 'search',
  extensions: [docsFirstSearchApi],
});
