import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DefaultNodeMixClient } from './NodeMixClient';

describe('DefaultNodeMixClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const discovery = mockServices.discovery();
  const client = DefaultNodeMixClient.create({
    auth: mockServices.auth({ pluginId: 'cost' }),
    discovery,
  });

  it("reads a cluster's cost input from node-mix with the caller's own plugin token", async () => {
    const base = await discovery.getBaseUrl('node-mix');
    const seen: Array<{ url: string; authorization: string | null }> = [];
    server.use(
      http.get(`${base}/clusters/:name/cost-input`, ({ request }) => {
        seen.push({
          url: request.url,
          authorization: request.headers.get('authorization'),
        });
        return HttpResponse.json({ cluster: 'eks dev', nodes: [], pods: [] });
      }),
    );
    const input = await client.getCostInput('eks dev');
    expect(input.cluster).toBe('eks dev');
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe(`${base}/clusters/eks%20dev/cost-input`);
    // a service token of plugin 'cost' for target 'node-mix', not a user's
    expect(seen[0].authorization).toMatch(/^Bearer mock-service-token:/);
    expect(seen[0].authorization).toContain('"sub":"plugin:cost"');
    expect(seen[0].authorization).toContain('"target":"node-mix"');
  });

  it("surfaces node-mix's error with its status", async () => {
    const base = await discovery.getBaseUrl('node-mix');
    server.use(
      http.get(`${base}/clusters`, () =>
        HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'Not allowed' } },
          { status: 403 },
        ),
      ),
    );
    await expect(client.listClusters()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
    });
  });
});
