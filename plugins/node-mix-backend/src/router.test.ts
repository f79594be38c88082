import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { createRouter } from './router';
import { NodeMixReader } from './service/NodeMixReader';

describe('createRouter', () => {
  const reader = {
    listClusters: jest.fn(),
    getClusterJson: jest.fn(),
    getNodesJson: jest.fn(),
    getNodesGzip: jest.fn(),
    getHistory: jest.fn(),
    refresh: jest.fn(),
    getCostInput: jest.fn(),
    getNodeDetail: jest.fn(),
    getWorkloadPods: jest.fn(),
    getNodePoolDetail: jest.fn(),
  };

  async function app(
    options: {
      allow?: boolean;
      signedIn?: boolean;
      credentials?: ReturnType<typeof mockCredentials.service>;
    } = {},
  ) {
    const permissions = mockServices.permissions.mock({
      authorize: jest.fn(async reqs =>
        reqs.map(() => ({
          result:
            options.allow === false
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
      ) as any,
    });
    const router = await createRouter({
      reader: reader as unknown as NodeMixReader,
      httpAuth: mockServices.httpAuth({
        defaultCredentials:
          options.credentials ??
          (options.signedIn === false
            ? mockCredentials.none()
            : mockCredentials.user()),
      }),
      permissions,
    });
    return { app: express().use(router).use(mockErrorHandler()), permissions };
  }

  beforeEach(() => jest.resetAllMocks());

  it("serves a cluster's cost input to the cost plugin's own service credentials, checked like a read", async () => {
    const input = { cluster: 'dev', demo: false, nodes: [], pods: [] };
    reader.getCostInput.mockReturnValue(input);
    const { app: a, permissions } = await app({
      credentials: mockCredentials.service('plugin:cost'),
    });
    const res = await request(a).get('/clusters/dev/cost-input');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(input);
    expect(reader.getCostInput).toHaveBeenCalledWith('dev');
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'node-mix.cluster.read',
          }),
        },
      ],
      { credentials: mockCredentials.service('plugin:cost') },
    );

    reader.getCostInput.mockImplementation(() => {
      throw new NotFoundError("No cost input for cluster 'dev' yet");
    });
    expect((await request(a).get('/clusters/dev/cost-input')).status).toBe(404);
    const denied = await app({
      allow: false,
      credentials: mockCredentials.service('plugin:cost'),
    });
    expect(
      (await request(denied.app).get('/clusters/dev/cost-input')).status,
    ).toBe(403);
  });

  it('lists clusters for a user with the read permission', async () => {
    reader.listClusters.mockReturnValue([
      { name: 'dev', state: 'ok', demo: true },
    ]);
    const { app: a, permissions } = await app();
    const res = await request(a).get('/clusters');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [{ name: 'dev', state: 'ok', demo: true }],
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'node-mix.cluster.read',
          }),
        },
      ],
      expect.anything(),
    );
  });

  it('serves the pre-serialized cluster and node JSON', async () => {
    reader.getClusterJson.mockReturnValue(
      '{"name":"dev","summary":{"pods":3}}',
    );
    reader.getNodesJson.mockReturnValue('{"cluster":"dev","items":[]}');
    reader.getNodesGzip.mockResolvedValue(
      gzipSync('{"cluster":"dev","items":[1]}'),
    );
    const { app: a } = await app();
    const cluster = await request(a).get('/clusters/dev');
    expect(cluster.type).toBe('application/json');
    expect(cluster.body.summary.pods).toBe(3);
    const plain = await request(a)
      .get('/clusters/dev/nodes')
      .set('Accept-Encoding', 'identity');
    expect(plain.body).toEqual({ cluster: 'dev', items: [] });
    expect(reader.getNodesJson).toHaveBeenCalledWith('dev');
    const zipped = await request(a)
      .get('/clusters/dev/nodes')
      .set('Accept-Encoding', 'gzip, deflate');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body).toEqual({ cluster: 'dev', items: [1] });
  });

  it('answers 403 without the permission and 401 without credentials', async () => {
    const denied = await app({ allow: false });
    const res = await request(denied.app).get('/clusters/dev');
    expect(res.status).toBe(403);
    expect(reader.getClusterJson).not.toHaveBeenCalled();
    const anonymous = await app({ signedIn: false });
    expect((await request(anonymous.app).get('/clusters')).status).toBe(401);
  });

  it('answers 404 naming an unknown cluster', async () => {
    reader.getClusterJson.mockImplementation(() => {
      throw new NotFoundError("Unable to find cluster 'nope'");
    });
    const { app: a } = await app();
    const res = await request(a).get('/clusters/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("Unable to find cluster 'nope'");
  });

  it('validates the history window and rejects unknown parameters', async () => {
    reader.getHistory.mockResolvedValue({
      cluster: 'dev',
      window: '7d',
      points: [],
    });
    const { app: a } = await app();
    expect(
      (await request(a).get('/clusters/dev/history?window=7d')).body.window,
    ).toBe('7d');
    expect(reader.getHistory).toHaveBeenCalledWith('dev', '7d');
    const bad = await request(a).get('/clusters/dev/history?window=1y');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid query parameter 'window'/);
    expect((await request(a).get('/clusters/dev/history?limit=3')).status).toBe(
      400,
    );
    expect((await request(a).get('/clusters/%20bad/history')).status).toBe(400);
  });

  it('reads one node for the drawer, refusing names that are not node names before any cluster call', async () => {
    reader.getNodeDetail.mockResolvedValue({ name: 'ip-10-0-1-7' });
    const { app: a } = await app();
    const ok = await request(a).get(
      '/clusters/dev/nodes/ip-10-0-1-7.eu-central-1.compute.internal?nodeClaim=graviton-x7k2p',
    );
    expect(ok.status).toBe(200);
    expect(reader.getNodeDetail).toHaveBeenCalledWith(
      'dev',
      'ip-10-0-1-7.eu-central-1.compute.internal',
      'graviton-x7k2p',
    );
    reader.getNodeDetail.mockClear();
    for (const [path, field] of [
      ['/clusters/dev/nodes/Node_1', "path parameter 'node'"],
      ['/clusters/dev/nodes/a%2C%20spec.nodeName%3Dx', "path parameter 'node'"],
      ['/clusters/dev/nodes/n1?nodeClaim=a,b', "query parameter 'nodeClaim'"],
      ['/clusters/dev/nodes/n1?labelSelector=x', "query parameter '?'"],
    ]) {
      const bad = await request(a).get(path);
      expect({ path, status: bad.status }).toEqual({ path, status: 400 });
      expect(bad.body.error.message).toContain(`Invalid ${field}`);
    }
    expect(reader.getNodeDetail).not.toHaveBeenCalled();
    const denied = await (await app({ allow: false })).app;
    expect((await request(denied).get('/clusters/dev/nodes/n1')).status).toBe(
      403,
    );
    expect(reader.getNodeDetail).not.toHaveBeenCalled();
  });

  it("serves a component's pods with their nodes, refusing a kubernetes-id that is no label value", async () => {
    reader.getWorkloadPods.mockResolvedValue({
      cluster: 'dev',
      generatedAt: '2026-11-27T12:00:00.000Z',
      items: [],
    });
    const { app: a } = await app();
    const ok = await request(a).get('/clusters/dev/workloads/game-dice/pods');
    expect(ok.status).toBe(200);
    expect(reader.getWorkloadPods).toHaveBeenCalledWith('dev', 'game-dice');
    reader.getWorkloadPods.mockClear();
    for (const id of ['a%2Cb%3Dc', '-x', 'x'.repeat(64), 'a%20b']) {
      const bad = await request(a).get(`/clusters/dev/workloads/${id}/pods`);
      expect({ id, status: bad.status }).toEqual({ id, status: 400 });
      expect(bad.body.error.message).toContain(
        "Invalid path parameter 'kubernetesId'",
      );
    }
    const { app: denied } = await app({ allow: false });
    expect(
      (await request(denied).get('/clusters/dev/workloads/game-dice/pods'))
        .status,
    ).toBe(403);
    expect(reader.getWorkloadPods).not.toHaveBeenCalled();
  });

  it('serves a NodePool page checked like a read, refusing names that are not NodePool names', async () => {
    reader.getNodePoolDetail.mockResolvedValue({
      cluster: 'dev',
      name: 'x86',
    });
    const { app: a, permissions } = await app();
    const ok = await request(a).get('/clusters/dev/nodepools/x86');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ cluster: 'dev', name: 'x86' });
    expect(reader.getNodePoolDetail).toHaveBeenCalledWith('dev', 'x86');
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'node-mix.cluster.read',
          }),
        },
      ],
      expect.anything(),
    );
    reader.getNodePoolDetail.mockClear();
    for (const pool of ['X86', 'a%2Cb', 'x'.repeat(254), '-x']) {
      const bad = await request(a).get(`/clusters/dev/nodepools/${pool}`);
      expect({ pool, status: bad.status }).toEqual({ pool, status: 400 });
      expect(bad.body.error.message).toContain("Invalid path parameter 'pool'");
    }
    const { app: denied } = await app({ allow: false });
    expect(
      (await request(denied).get('/clusters/dev/nodepools/x86')).status,
    ).toBe(403);
    expect(reader.getNodePoolDetail).not.toHaveBeenCalled();
  });

  it('refreshes on POST with the refresh permission', async () => {
    reader.refresh.mockResolvedValue(undefined);
    reader.getClusterJson.mockReturnValue('{"name":"dev","state":"ok"}');
    const { app: a, permissions } = await app();
    const res = await request(a).post('/clusters/dev/refresh');
    expect(res.status).toBe(200);
    expect(reader.refresh).toHaveBeenCalledWith('dev');
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'node-mix.cluster.refresh',
          }),
        },
      ],
      expect.anything(),
    );
  });
});
