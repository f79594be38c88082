import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  ChainNodeDetails,
  ChainNodeFleet,
} from '@internal/plugin-chain-nodes-common';
import request from 'supertest';
import { chainNodesPlugin } from './plugin';
import { HardhatNode, freePort } from './__testUtils__/hardhat';
import { chainNodeEntity } from './__testUtils__/chainNodeEntity';

jest.setTimeout(60_000);

function chainNode(
  name: string,
  rpcEndpoint: string,
  location = 'fsn1',
): Entity {
  return chainNodeEntity(
    name,
    {
      'casino.io/chain': 'casino-local',
      'casino.io/rpc-endpoint': rpcEndpoint,
      'hetzner.cloud/server-type': 'ccx33',
      'hetzner.cloud/location': location,
      'hetzner.cloud/datacenter': `${location}-dc14`,
    },
    { owner: 'group:default/chains', system: 'casino-blockchain' },
  );
}

describe('chain-nodes backend against real Hardhat nodes', () => {
  let head: HardhatNode;
  // The chain head is what a majority of nodes reached, so a second node at
  // the head makes the lagging one the minority.
  let head2: HardhatNode;
  let lagging: HardhatNode;
  let wrongChain: HardhatNode;

  beforeAll(async () => {
    [head, head2, lagging, wrongChain] = await Promise.all([
      HardhatNode.start(),
      HardhatNode.start(),
      HardhatNode.start(),
      HardhatNode.start({ chainId: 999 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([
      head?.stop(),
      head2?.stop(),
      lagging?.stop(),
      wrongChain?.stop(),
    ]);
  });

  it('probes the nodes, shows healthy, lagging and down with reasons, and notifies the owner once confirmed', async () => {
    const downPort = await freePort();
    const scheduled: Array<() => Promise<void>> = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: jest.fn(async task => {
        scheduled.push(task.fn as () => Promise<void>);
      }),
    });
    const send = jest.fn(async () => {});

    const { server } = await startTestBackend({
      features: [
        chainNodesPlugin,
        scheduler.factory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send }),
        }),
        mockServices.rootConfig.factory({
          data: {
            chainNodes: {
              probeTimeoutMs: 2000,
              confirmAfterProbes: 2,
              notifications: { alsoNotify: ['group:on-call'] },
              chains: {
                'casino-local': {
                  expectedChainId: 31337,
                  minPeers: 0,
                  maxBlocksBehind: 5,
                  blockTimeSeconds: 1,
                  maxBlockAgeFactor: 100000,
                  maxLatencyMs: 5000,
                },
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            chainNode('node-head', head.endpoint),
            chainNode('node-head-2', head2.endpoint, 'nbg1'),
            chainNode('node-lagging', lagging.endpoint, 'hel1'),
            chainNode('node-wrong-chain', wrongChain.endpoint),
            chainNode('node-down', `http://127.0.0.1:${downPort}`),
          ],
        }),
      ],
    });
    expect(scheduled).toHaveLength(1);
    const runCycle = scheduled[0];

    await head.mine(20);
    await head2.mine(20);
    await lagging.mine(3);
    await runCycle();

    const fleet: ChainNodeFleet = (
      await request(server).get('/api/chain-nodes/nodes')
    ).body;
    const byName = Object.fromEntries(fleet.nodes.map(n => [n.name, n]));
    expect(fleet.chainHeads).toEqual({ 'casino-local': 20 });
    expect(byName['node-head']).toMatchObject({
      state: 'healthy',
      reasons: [],
      blocksBehind: 0,
    });
    expect(byName['node-head'].observation).toMatchObject({
      chainId: 31337,
      blockNumber: 20,
      syncing: false,
      peerCount: null,
    });
    expect(byName['node-head'].observation?.clientVersion).toMatch(
      /^HardhatNetwork\/3\./,
    );
    expect(byName['node-lagging']).toMatchObject({
      state: 'degraded',
      reasons: ['17 blocks behind the chain head 20 (limit 5)'],
      blocksBehind: 17,
    });
    expect(byName['node-wrong-chain']).toMatchObject({
      state: 'down',
      reasons: ['wrong chain: reports chain id 999, expected 31337'],
    });
    expect(byName['node-down']).toMatchObject({
      state: 'down',
      reasons: ['unreachable: connection refused (ECONNREFUSED)'],
      server: { source: 'catalog', location: 'fsn1', serverType: 'ccx33' },
    });
    // Worst first.
    expect(fleet.nodes.map(n => n.state)).toEqual([
      'down',
      'down',
      'degraded',
      'healthy',
      'healthy',
    ]);
    expect(fleet.reconciliation).toEqual({
      enabled: false,
      onlyInHetzner: [],
      onlyInCatalog: [],
    });
    // First sight: a healthy node is recorded quietly; one that is down or
    // degraded from its first probe is notified once, to its owner and to
    // chainNodes.notifications.alsoNotify.
    const sent = () =>
      (send.mock.calls as any[]).map(([n]) => ({
        to: n.recipients.entityRef,
        title: n.payload.title,
        severity: n.payload.severity,
      }));
    const everyone = ['group:default/chains', 'group:default/on-call'];
    expect(sent()).toEqual(
      expect.arrayContaining([
        {
          to: everyone,
          title: 'Chain node node-down is down (since its first probe)',
          severity: 'critical',
        },
        {
          to: everyone,
          title: 'Chain node node-wrong-chain is down (since its first probe)',
          severity: 'critical',
        },
        {
          to: everyone,
          title: 'Chain node node-lagging is degraded (since its first probe)',
          severity: 'high',
        },
      ]),
    );
    expect(send).toHaveBeenCalledTimes(3);

    // The lagging node catches up; one probe is not enough to call it recovered.
    await lagging.mine(17);
    await runCycle();
    expect(send).toHaveBeenCalledTimes(3);
    await runCycle();
    expect(send).toHaveBeenCalledTimes(4);
    expect(send).toHaveBeenLastCalledWith({
      recipients: { type: 'entity', entityRef: everyone },
      payload: expect.objectContaining({
        title: 'Chain node node-lagging recovered (was degraded)',
        link: '/catalog/default/resource/node-lagging/health',
        severity: 'normal',
        topic: 'chain-node-health',
      }),
    });

    const details: ChainNodeDetails = (
      await request(server)
        .get('/api/chain-nodes/node')
        .query({ entityRef: 'resource:default/node-lagging' })
    ).body;
    expect(details.node.state).toBe('healthy');
    expect(details.uptime['24h']).toMatchObject({ up: 1, healthy: 2 / 3 });
    expect(details.events.map(e => `${e.fromState}->${e.toState}`)).toEqual([
      'degraded->healthy',
      'unknown->degraded',
    ]);
    expect(details.events[1].reasons).toEqual([
      '17 blocks behind the chain head 20 (limit 5)',
    ]);

    const down: ChainNodeDetails = (
      await request(server)
        .get('/api/chain-nodes/node')
        .query({ entityRef: 'resource:default/node-down' })
    ).body;
    expect(down.uptime['24h']).toMatchObject({ up: 0, healthy: 0 });

    const history = await request(server)
      .get('/api/chain-nodes/node/history')
      .query({ entityRef: 'resource:default/node-lagging', window: '1h' });
    expect(history.status).toBe(200);
    expect(history.body.points.map((p: any) => p.blocksBehind)).toEqual([
      17, 0, 0,
    ]);

    const bad = await request(server)
      .get('/api/chain-nodes/node/history')
      .query({ entityRef: 'resource:default/node-lagging', window: '2y' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(
      /^Invalid query parameter: .* at "window"$/,
    );
    const missing = await request(server)
      .get('/api/chain-nodes/node')
      .query({ entityRef: 'resource:default/nope' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      "Unable to find chain node 'resource:default/nope'",
    );
  });
});
