import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { SearchQuery, SearchResultSet } from '@backstage/plugin-search-common';
import { SearchApi } from '@backstage/plugin-search-react';
import qs from 'qs';

/**
 * The portal's search client: the search backend's results, with the docs
 * pages of each result page ahead of catalog entities. Lunr ranks a term
 * that appears in many entity descriptions above the one docs page that
 * explains it; readers come for the explanation.
 */
export class DocsFirstSearchClient implements SearchApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async query(
    query: SearchQuery,
    options?: { signal?: AbortSignal },
  ): Promise<SearchResultSet> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('search');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/query?${qs.stringify(query)}`,
      { signal: options?.signal },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const resultSet: SearchResultSet = await response.json();
    return { ...resultSet, results: docsFirst(resultSet.results) };
  }
}

/** Docs results first; otherwise the backend's order. */
export function docsFirst<T extends { type: string }>(results: T[]): T[] {
  return [
    ...results.filter(r => r.type === 'techdocs'),
    ...results.filter(r => r.type !== 'techdocs'),
  ];
}
