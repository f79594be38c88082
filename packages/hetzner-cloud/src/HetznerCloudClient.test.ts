import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { HetznerCloudClient } from './HetznerCloudClient';
import {
  hetznerError,
  hetznerServer,
  hetznerServerType,
  serversPage,
  serverTypesPage,
} from './testUtils';

const baseUrl = 'https://api.hetzner.test/v1';
const rateHeaders = (remaining: number, reset = 1893456000) => ({
  'RateLimit-Limit': '3600',
  'RateLimit-Remaining': String(remaining),
  'RateLimit-Reset': String(reset),
});

describe('HetznerCloudClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = () => new HetznerCloudClient({ baseUrl, token: 'hc-token' });
  const labelSelector = 'role==chain-node';

  it('lists every page of chain-node servers with the label selector and token', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${baseUrl}/servers`, ({ request }) => {
        const url = new URL(request.url);
        requests.push(url);
        if (request.headers.get('authorization') !== 'Bearer hc-token') {
          return HttpResponse.json(
            hetznerError('unauthorized', 'unable to authenticate'),
            { status: 401 },
          );
        }
        const page = Number(url.searchParams.get('page'));
        const servers =
          page === 1
            ? [
                hetznerServer({ id: 101, name: 'chain-fsn1-1' }),
                hetznerServer({ id: 102, name: 'chain-fsn1-2', status: 'off' }),
              ]
            : [
                hetznerServer({
                  id: 201,
                  name: 'chain-hel1-1',
                  location: 'hel1',
                  serverType: 'ccx43',
                }),
              ];
        return HttpResponse.json(serversPage(servers, page, 2, 2), {
          headers: rateHeaders(3599 - page),
        });
      }),
    );

    const c = client();
    const servers = await c.listServers({ labelSelector });

    expect(requests.map(u => u.searchParams.get('page'))).toEqual(['1', '2']);
    expect(requests[0].searchParams.get('label_selector')).toBe(
      'role==chain-node',
    );
    expect(servers).toEqual([
      expect.objectContaining({
        id: 101,
        name: 'chain-fsn1-1',
        status: 'running',
        serverType: 'ccx33',
        location: 'fsn1',
        datacenter: 'fsn1-dc14',
      }),
      expect.objectContaining({ id: 102, status: 'off' }),
      expect.objectContaining({
        id: 201,
        location: 'hel1',
        datacenter: 'hel1-dc14',
        serverType: 'ccx43',
        labels: {
          role: 'chain-node',
          chain: 'casino-mainnet',
          environment: 'production',
        },
      }),
    ]);
    expect(c.rateLimit).toEqual({
      limit: 3600,
      remaining: 3597,
      resetAt: 1893456000000,
    });
  });

  it('explains a rejected token (401)', async () => {
    server.use(
      http.get(`${baseUrl}/servers`, () =>
        HttpResponse.json(
          hetznerError('unauthorized', 'unable to authenticate'),
          { status: 401 },
        ),
      ),
    );
    await expect(client().listServers({ labelSelector })).rejects.toMatchObject(
      {
        name: 'HetznerApiError',
        status: 401,
        message:
          'Hetzner API rejected the token (401 unauthorized: unable to authenticate)',
      },
    );
  });

  it('backs off until RateLimit-Reset after a 429', async () => {
    let calls = 0;
    server.use(
      http.get(`${baseUrl}/servers`, () => {
        calls++;
        return HttpResponse.json(
          hetznerError(
            'rate_limit_exceeded',
            'limit of 3600 requests per hour reached',
          ),
          { status: 429, headers: rateHeaders(0, 1893456000) },
        );
      }),
    );
    const c = client();
    await expect(c.listServers({ labelSelector })).rejects.toMatchObject({
      status: 429,
      retryAt: 1893456000000,
      message:
        'Hetzner API rate limit exceeded (429 rate_limit_exceeded: limit of 3600 requests per hour reached); retrying after 2030-01-01T00:00:00.000Z',
    });
    // The budget is used up until the reset, so the client does not call again.
    await expect(c.listServers({ labelSelector })).rejects.toMatchObject({
      status: 429,
    });
    expect(calls).toBe(1);
  });

  it('explains a server error (5xx) with or without a JSON body', async () => {
    server.use(
      http.get(`${baseUrl}/servers`, () =>
        HttpResponse.json(
          hetznerError('service_error', 'service temporarily unavailable'),
          { status: 503 },
        ),
      ),
    );
    await expect(client().listServers({ labelSelector })).rejects.toMatchObject(
      {
        status: 503,
        message:
          'Hetzner API error (503 service_error: service temporarily unavailable)',
      },
    );

    server.use(
      http.get(
        `${baseUrl}/servers`,
        () =>
          new HttpResponse('upstream connect error', {
            status: 502,
            statusText: 'Bad Gateway',
          }),
      ),
    );
    await expect(client().listServers({ labelSelector })).rejects.toMatchObject(
      {
        status: 502,
        message: 'Hetzner API error (502 Bad Gateway)',
      },
    );
  });

  it('reads every page of server types and prices them by type@location and by type', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${baseUrl}/server_types`, ({ request }) => {
        const url = new URL(request.url);
        requests.push(url);
        if (request.headers.get('authorization') !== 'Bearer hc-token') {
          return HttpResponse.json(
            hetznerError('unauthorized', 'unable to authenticate'),
            { status: 401 },
          );
        }
        const page = Number(url.searchParams.get('page'));
        return HttpResponse.json(
          page === 1
            ? serverTypesPage(
                [
                  hetznerServerType('ccx33', [
                    {
                      location: 'nbg1',
                      hourlyNet: '0.0800000000',
                      monthlyNet: '49.9000000000',
                    },
                    {
                      location: 'fsn1',
                      hourlyNet: '0.0750000000',
                      monthlyNet: '48.4900000000',
                    },
                  ]),
                ],
                1,
                2,
              )
            : serverTypesPage(
                [
                  hetznerServerType('ccx43', [
                    { location: 'hel1', hourlyNet: '0.1500000000' },
                  ]),
                ],
                2,
                2,
              ),
        );
      }),
    );

    const prices = await client().serverTypePrices();

    expect(requests.map(u => u.searchParams.get('page'))).toEqual(['1', '2']);
    expect(requests[0].searchParams.get('per_page')).toBe('50');
    expect(prices).toEqual({
      'ccx33@nbg1': { hourlyNet: '0.0800000000', monthlyNet: '49.9000000000' },
      'ccx33@fsn1': { hourlyNet: '0.0750000000', monthlyNet: '48.4900000000' },
      ccx33: { hourlyNet: '0.0800000000', monthlyNet: '49.9000000000' },
      'ccx43@hel1': { hourlyNet: '0.1500000000', monthlyNet: undefined },
      ccx43: { hourlyNet: '0.1500000000', monthlyNet: undefined },
    });
  });

  it('explains a rejected token (401) when reading server types', async () => {
    server.use(
      http.get(`${baseUrl}/server_types`, () =>
        HttpResponse.json(
          hetznerError('unauthorized', 'unable to authenticate'),
          { status: 401 },
        ),
      ),
    );
    await expect(client().serverTypePrices()).rejects.toMatchObject({
      name: 'HetznerApiError',
      status: 401,
      message:
        'Hetzner API rejected the token (401 unauthorized: unable to authenticate)',
    });
  });

  it('uses the fetch it is given', async () => {
    const fakeFetch = jest.fn(
      async () =>
        new Response(JSON.stringify(serverTypesPage([], 1, 1)), {
          status: 200,
        }),
    );
    const c = new HetznerCloudClient({
      baseUrl: `${baseUrl}/`,
      token: 'hc-token',
      fetch: fakeFetch as unknown as typeof fetch,
    });
    await expect(c.serverTypePrices()).resolves.toEqual({});
    expect(fakeFetch).toHaveBeenCalledWith(
      `${baseUrl}/server_types?page=1&per_page=50`,
      expect.objectContaining({
        headers: { authorization: 'Bearer hc-token' },
      }),
    );
  });
});
