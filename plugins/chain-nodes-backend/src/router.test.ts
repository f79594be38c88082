import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';

describe('createRouter', () => {
  const service = {
    getFleetBody: jest.fn(),
    getNodeDetails: jest.fn(),
    getHistory: jest.fn(),
  };

  async function app(decision: AuthorizeResult = AuthorizeResult.ALLOW) {
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions.mock({
        authorize: jest.fn(async () => [{ result: decision }]) as any,
      }),
      reader: service,
    });
    return express().use(router).use(mockErrorHandler());
  }

  beforeEach(() => jest.resetAllMocks());

  it('serves the fleet to an allowed user', async () => {
    service.getFleetBody.mockResolvedValue({
      json: JSON.stringify({ nodes: [], chainHeads: {} }),
      etag: '"v1"',
    });
    const res = await request(await app()).get('/nodes');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.etag).toBe('"v1"');
    expect(res.body).toEqual({ nodes: [], chainHeads: {} });
    expect(service.getFleetBody).toHaveBeenCalledWith(
      expect.objectContaining({
        principal: expect.objectContaining({
          userEntityRef: 'user:default/mock',
        }),
      }),
    );
  });

  it('answers 304 without a body when the fleet has not changed', async () => {
    service.getFleetBody.mockResolvedValue({
      json: '{"nodes":[]}',
      etag: '"v1"',
    });
    const server = await app();
    const same = await request(server)
      .get('/nodes')
      .set('If-None-Match', '"v1"');
    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    const changed = await request(server)
      .get('/nodes')
      .set('If-None-Match', '"v0"');
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ nodes: [] });
  });

  it('rejects unauthenticated requests (401)', async () => {
    const res = await request(await app())
      .get('/nodes')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
    expect(service.getFleetBody).not.toHaveBeenCalled();
  });

  it('rejects users without chain-nodes.read (403)', async () => {
    const res = await request(await app(AuthorizeResult.DENY))
      .get('/node')
      .query({ entityRef: 'resource:default/a' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Not allowed to read chain-node health (chain-nodes.read)',
    );
    expect(service.getNodeDetails).not.toHaveBeenCalled();
  });

  it('normalizes the entity ref and defaults the history window', async () => {
    service.getHistory.mockResolvedValue({ points: [] });
    const res = await request(await app())
      .get('/node/history')
      .query({ entityRef: 'Resource:default/Local-Node-1' });
    expect(res.status).toBe(200);
    expect(service.getHistory).toHaveBeenCalledWith(
      'resource:default/local-node-1',
      '1h',
      expect.anything(),
    );
  });

  it.each([
    [{}, 'entityRef is required at "entityRef"'],
    [
      { entityRef: 'component:default/x' },
      "entityRef 'component:default/x' is not a Resource",
    ],
    [
      { entityRef: 'resource:default/' },
      "entityRef 'resource:default/' is not an entity reference",
    ],
    [{ entityRef: 'resource:default/x', window: '1y' }, 'at "window"'],
  ])(
    'rejects bad query %j with 400 naming the field',
    async (query, message) => {
      const res = await request(await app())
        .get('/node/history')
        .query(query);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(/^Invalid query parameter: /);
      expect(res.body.error.message).toContain(message);
      expect(service.getHistory).not.toHaveBeenCalled();
    },
  );
});
