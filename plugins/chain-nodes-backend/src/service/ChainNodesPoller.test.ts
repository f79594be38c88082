import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ProbeObservation } from '@internal/plugin-chain-nodes-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readChainNodesConfig } from '../config';
import { DatabaseChainNodesStore } from '../database/DatabaseChainNodesStore';
import { HetznerCloudClient } from '@internal/hetzner-cloud';
import {
  hetznerError,
  hetznerServer,
  serversPage,
} from '@internal/hetzner-cloud/testUtils';
import { ChainNodesPoller } from './ChainNodesPoller';
import { ChainNodesReader } from './ChainNodesReader';
import { chainNodeEntity } from '../__testUtils__/chainNodeEntity';

/** The writer and the reader over the same store, as the plugin wires them. */
function pollerAndReader(
  deps: ConstructorParameters<typeof ChainNodesPoller>[0],
) {
  const poller = new ChainNodesPoller(deps);
  const reader = new ChainNodesReader({
    ...deps,
    hetznerConfigured: Boolean(deps.hetzner),
  });
  return {
    runProbeCycle: async () => {
      const summary = await poller.runProbeCycle();
      reader.invalidate();
      return summary;
    },
    getFleet: reader.getFleet.bind(reader),
    getNodeDetails: reader.getNodeDetails.bind(reader),
  };
}

const baseUrl = 'https://api.hetzner.test/v1';

function node(name: string, serverId: number): Entity {
  return chainNodeEntity(name, {
    'casino.io/chain': 'casino-mainnet',
    'casino.io/rpc-endpoint': `http://${name}.internal:8545`,
    'hetzner.cloud/server-id': String(serverId),
  });
}

describe('ChainNodesPoller and ChainNodesReader with Hetzner', () => {
  const msw = setupServer();
  registerMswTestHooks(msw);
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup() {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseChainNodesStore.create({
      database: mockServices.database({ knex }),
    });
    const config = readChainNodesConfig(
      new ConfigReader({
        chainNodes: {
          allowedRpcHosts: ['.internal'],
          chains: {
            'casino-mainnet': {
              expectedChainId: 7777,
              minPeers: 2,
              blockTimeSeconds: 2,
            },
          },
          hetzner: { token: 'hc-token', baseUrl, refreshIntervalSeconds: 300 },
        },
      }),
    );
    let now = Date.parse('2026-11-27T12:00:00Z');
    const probe = jest.fn(
      async (): Promise<ProbeObservation> => ({
        reachable: true,
        chainId: 7777,
        blockNumber: 500,
        peerCount: 8,
        syncing: false,
        latencyMs: 20,
        latestBlockTimestamp: now / 1000 - 1,
      }),
    );
    const service = pollerAndReader({
      store,
      catalog: catalogServiceMock({
        entities: [
          node('chain-fsn1-1', 101),
          node('chain-fsn1-2', 102),
          node('chain-old', 999),
        ],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      config,
      hetzner: new HetznerCloudClient(config.hetzner!),
      probe,
      now: () => now,
    });
    return { service, advance: (ms: number) => (now += ms) };
  }

  it('reconciles both ways, takes server facts from Hetzner and marks an off server down', async () => {
    msw.use(
      http.get(`${baseUrl}/servers`, () =>
        HttpResponse.json(
          serversPage(
            [
              hetznerServer({
                id: 101,
                name: 'chain-fsn1-1',
                location: 'fsn1',
              }),
              hetznerServer({
                id: 102,
                name: 'chain-fsn1-2',
                status: 'off',
                location: 'fsn1',
              }),
              hetznerServer({
                id: 103,
                name: 'chain-nbg1-1',
                location: 'nbg1',
              }),
            ],
            1,
            1,
          ),
        ),
      ),
    );
    const { service } = await setup();
    await service.runProbeCycle();
    const fleet = await service.getFleet(mockCredentials.user());

    expect(fleet.reconciliation).toMatchObject({
      enabled: true,
      onlyInHetzner: [
        {
          serverId: 103,
          name: 'chain-nbg1-1',
          chain: 'casino-mainnet',
          environment: 'production',
          status: 'running',
        },
      ],
      onlyInCatalog: [
        { entityRef: 'resource:default/chain-old', serverId: 999 },
      ],
    });
    expect(fleet.reconciliation.error).toBeUndefined();
    const byName = Object.fromEntries(fleet.nodes.map(n => [n.name, n]));
    expect(byName['chain-fsn1-1']).toMatchObject({
      state: 'healthy',
      server: {
        source: 'hetzner-api',
        status: 'running',
        serverType: 'ccx33',
        location: 'fsn1',
        datacenter: 'fsn1-dc14',
      },
    });
    expect(byName['chain-fsn1-2']).toMatchObject({
      state: 'down',
      reasons: ['Hetzner server is off'],
    });
    expect(byName['chain-old'].server.source).toBe('catalog');
  });

  it.each([
    [
      401,
      hetznerError('unauthorized', 'unable to authenticate'),
      'Hetzner API rejected the token (401 unauthorized: unable to authenticate)',
    ],
    [
      429,
      hetznerError(
        'rate_limit_exceeded',
        'limit of 3600 requests per hour reached',
      ),
      'Hetzner API rate limit exceeded (429 rate_limit_exceeded: limit of 3600 requests per hour reached); retrying after 2030-01-01T00:00:00.000Z',
    ],
    [
      500,
      hetznerError('server_error', 'internal server error'),
      'Hetzner API error (500 server_error: internal server error)',
    ],
  ])(
    'keeps probing and reports Hetzner %s as the reconciliation state',
    async (status, body, message) => {
      msw.use(
        http.get(`${baseUrl}/servers`, () =>
          HttpResponse.json(body, {
            status,
            headers: {
              'RateLimit-Limit': '3600',
              'RateLimit-Remaining': status === 429 ? '0' : '3000',
              'RateLimit-Reset': '1893456000',
            },
          }),
        ),
      );
      const { service } = await setup();
      const summary = await service.runProbeCycle();
      expect(summary).toMatchObject({ nodes: 3, healthy: 3 });
      const fleet = await service.getFleet(mockCredentials.user());
      expect(fleet.reconciliation).toEqual({
        enabled: true,
        error: message,
        checkedAt: '2026-11-27T12:00:00.000Z',
        onlyInHetzner: [],
        onlyInCatalog: [],
      });
      expect(fleet.nodes.every(n => n.server.source === 'catalog')).toBe(true);
    },
  );

  it('asks Hetzner again only after the refresh interval', async () => {
    let calls = 0;
    msw.use(
      http.get(`${baseUrl}/servers`, () => {
        calls++;
        return HttpResponse.json(serversPage([], 1, 1));
      }),
    );
    const { service, advance } = await setup();
    await service.runProbeCycle();
    advance(15_000);
    await service.runProbeCycle();
    expect(calls).toBe(1);
    advance(300_000);
    await service.runProbeCycle();
    expect(calls).toBe(2);
  });
});

describe('ChainNodesPoller probing', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  function localNode(name: string, rpcEndpoint: string): Entity {
    return chainNodeEntity(name, {
      'casino.io/chain': 'casino-local',
      'casino.io/rpc-endpoint': rpcEndpoint,
    });
  }

  it('contacts only allowed hosts, and one fake node’s huge block does not degrade the healthy ones', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseChainNodesStore.create({
      database: mockServices.database({ knex }),
    });
    const now = Date.parse('2026-11-27T12:00:00Z');
    const heights: Record<string, number> = {
      'http://127.0.0.1:8545': 500,
      'http://127.0.0.1:8546': 501,
      'http://127.0.0.1:8547': 9_000_000_000,
    };
    const probe = jest.fn(
      async (endpoint?: string): Promise<ProbeObservation> => ({
        reachable: true,
        chainId: 31337,
        blockNumber: heights[endpoint!],
        peerCount: 0,
        syncing: false,
        latencyMs: 5,
        latestBlockTimestamp: now / 1000 - 1,
      }),
    );
    const service = pollerAndReader({
      store,
      catalog: catalogServiceMock({
        entities: [
          localNode('local-1', 'http://127.0.0.1:8545'),
          localNode('local-2', 'http://127.0.0.1:8546'),
          localNode('fake', 'http://127.0.0.1:8547'),
          localNode('metadata', 'http://169.254.169.254/latest/meta-data'),
          localNode('database', 'http://localhost:5432/'),
        ],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      config: readChainNodesConfig(
        new ConfigReader({
          chainNodes: {
            allowedRpcHosts: ['127.0.0.1'],
            chains: {
              'casino-local': {
                expectedChainId: 31337,
                minPeers: 0,
                blockTimeSeconds: 1,
              },
            },
          },
        }),
      ),
      probe,
      now: () => now,
    });

    await service.runProbeCycle();
    expect(probe.mock.calls.map(c => c[0]).sort()).toEqual(
      Object.keys(heights),
    );
    const fleet = await service.getFleet(mockCredentials.user());
    const byName = Object.fromEntries(fleet.nodes.map(n => [n.name, n]));
    expect(fleet.chainHeads['casino-local']).toBe(501);
    expect(byName['local-1']).toMatchObject({ state: 'healthy' });
    expect(byName['local-2']).toMatchObject({ state: 'healthy' });
    expect(byName.metadata).toMatchObject({
      state: 'down',
      reasons: [
        "not probed: RPC endpoint host '169.254.169.254' is not in chainNodes.allowedRpcHosts",
      ],
    });
    expect(byName.database.state).toBe('down');
  });
});
