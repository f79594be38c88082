import { DocsFirstSearchClient } from './DocsFirstSearchClient';

const entity = (name: string) => ({
  type: 'software-catalog',
  document: {
    title: name,
    text: '',
    location: `/catalog/default/component/${name}`,
  },
});
const page = (title: string) => ({
  type: 'techdocs',
  document: {
    title,
    text: '',
    location: `/docs/default/system/casino-platform/${title}`,
  },
});

function client(results: unknown[], status = 200) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => ({
    ok: status === 200,
    status,
    statusText: status === 200 ? 'OK' : 'Internal Server Error',
    headers: new Map([['content-type', 'application/json']]),
    json: async () => ({ results, numberOfResults: results.length }),
    text: async () => JSON.stringify({ error: { message: 'boom' } }),
  }));
  const searchClient = new DocsFirstSearchClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend/api/search' },
    fetchApi: { fetch: fetch as any },
  });
  return { searchClient, fetch };
}

describe('DocsFirstSearchClient', () => {
  it('lists docs pages ahead of catalog entities, each group in the backend order', async () => {
    const { searchClient, fetch } = client([
      entity('karpenter-nodepool'),
      page('Scale patterns'),
      entity('demo-eks-dev'),
      page('Karpenter: pods pending'),
    ]);

    const { results } = await searchClient.query({
      term: 'karpenter',
      types: ['techdocs', 'software-catalog'],
      filters: { kind: 'Component' },
      pageCursor: 'MQ==',
    });

    expect(results.map(r => r.document.title)).toEqual([
      'Scale patterns',
      'Karpenter: pods pending',
      'karpenter-nodepool',
      'demo-eks-dev',
    ]);
    expect(decodeURIComponent(fetch.mock.calls[0][0])).toBe(
      'http://backend/api/search/query?term=karpenter&types[0]=techdocs&types[1]=software-catalog&filters[kind]=Component&pageCursor=MQ==',
    );
  });

  it('passes a failed search on as an error', async () => {
    const { searchClient } = client([], 500);
    await expect(searchClient.query({ term: 'x' })).rejects.toThrow(/500/);
  });
});
