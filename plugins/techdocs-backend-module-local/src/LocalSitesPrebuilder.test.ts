import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { LocalSitesPrebuilder, parseSyncEvents } from './LocalSitesPrebuilder';

describe('parseSyncEvents', () => {
  it('reads whether the site was updated from the finish event', () => {
    expect(
      parseSyncEvents(
        'event: log\ndata: "Step 1 of 3"\n\nevent: finish\ndata: {"updated":true}\n\n',
      ),
    ).toBe(true);
    expect(parseSyncEvents('event: finish\ndata: {"updated":false}\n\n')).toBe(
      false,
    );
  });

  it('throws the build error the TechDocs backend reported', () => {
    expect(() =>
      parseSyncEvents(
        'event: log\ndata: "Step 2 of 3"\n\nevent: error\ndata: "Failed to generate docs: Aborted with 1 warnings in strict mode"\n\n',
      ),
    ).toThrow(
      'Failed to generate docs: Aborted with 1 warnings in strict mode',
    );
  });

  it('throws when the stream ends without a result', () => {
    expect(() =>
      parseSyncEvents('event: log\ndata: "Step 1 of 3"\n\n'),
    ).toThrow(/without a result/);
  });
});

describe('LocalSitesPrebuilder', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const local: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'casino-platform',
      annotations: {
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/managed-by-location': 'file:/repo/catalog-info.yaml',
      },
    },
  };
  const remote: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'elsewhere',
      annotations: {
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/managed-by-location':
          'url:https://github.com/x/y/blob/main/catalog-info.yaml',
      },
    },
  };

  it('waits for the catalog on the first run, builds local sites only, then refreshes the search index once it is free', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.queryEntities
      .mockResolvedValueOnce({ items: [], totalItems: 0, pageInfo: {} })
      .mockResolvedValue({
        items: [local, remote],
        totalItems: 2,
        pageInfo: {},
      });
    const synced: string[] = [];
    let triggers = 0;
    server.use(
      http.get('*/api/techdocs/sync/:ns/:kind/:name', ({ params }) => {
        synced.push(`${params.kind}:${params.ns}/${params.name}`);
        return new HttpResponse('event: finish\ndata: {"updated":true}\n\n', {
          headers: { 'content-type': 'text/event-stream' },
        });
      }),
      http.post(
        '*/api/search/.backstage/scheduler/v1/tasks/search_index_techdocs/trigger',
        () => new HttpResponse(null, { status: ++triggers === 1 ? 409 : 200 }),
      ),
    );

    const prebuilder = new LocalSitesPrebuilder({
      catalog,
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      logger: mockServices.logger.mock(),
      retryDelayMs: 1,
    });

    await expect(prebuilder.run()).resolves.toEqual({
      built: ['system:default/casino-platform'],
      unchanged: [],
      failed: [],
      searchIndexTriggered: true,
    });
    expect(catalog.queryEntities).toHaveBeenCalledTimes(2);
    expect(synced).toEqual(['System:default/casino-platform']);
    expect(triggers).toBe(2);
  });

  it('reports a site that fails to build and carries on', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.queryEntities.mockResolvedValue({
      items: [local],
      totalItems: 1,
      pageInfo: {},
    });
    server.use(
      http.get(
        '*/api/techdocs/sync/:ns/:kind/:name',
        () =>
          new HttpResponse(
            'event: error\ndata: "Failed to generate docs: Aborted with 1 warnings in strict mode!"\n\n',
          ),
      ),
      http.post(
        '*/api/search/.backstage/scheduler/v1/tasks/search_index_techdocs/trigger',
        () => new HttpResponse(null, { status: 200 }),
      ),
    );
    const prebuilder = new LocalSitesPrebuilder({
      catalog,
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      logger: mockServices.logger.mock(),
      retryDelayMs: 1,
    });

    const result = await prebuilder.run();
    expect(result.failed).toEqual([
      {
        entityRef: 'system:default/casino-platform',
        message:
          'Failed to generate docs: Aborted with 1 warnings in strict mode!',
      },
    ]);
    expect(result.built).toEqual([]);
  });

  it('tries a site again in the same run when a build fails for a passing reason', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.queryEntities.mockResolvedValue({
      items: [local],
      totalItems: 1,
      pageInfo: {},
    });
    let calls = 0;
    server.use(
      http.get('*/api/techdocs/sync/:ns/:kind/:name', () => {
        calls++;
        return calls === 1
          ? new HttpResponse(null, {
              status: 500,
              statusText: 'Internal Server Error',
            })
          : new HttpResponse('event: finish\ndata: {"updated":true}\n\n');
      }),
      http.post(
        '*/api/search/.backstage/scheduler/v1/tasks/search_index_techdocs/trigger',
        () => new HttpResponse(null, { status: 200 }),
      ),
    );
    const prebuilder = new LocalSitesPrebuilder({
      catalog,
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      logger: mockServices.logger.mock(),
      retryDelayMs: 1,
    });

    const result = await prebuilder.run();
    expect(calls).toBe(2);
    expect(result.failed).toEqual([]);
    expect(result.built).toEqual(['system:default/casino-platform']);
  });
});
