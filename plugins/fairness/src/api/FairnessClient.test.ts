import { FairnessClient } from './FairnessClient';

describe('FairnessClient', () => {
  function client(body: unknown, status = 200) {
    const fetch = jest.fn(async (_url: string) => ({
      ok: status < 400,
      status,
      statusText: status < 400 ? 'OK' : 'Not Found',
      headers: {
        get: (name: string) =>
          name.toLowerCase() === 'content-type'
            ? 'application/json; charset=utf-8'
            : null,
      },
      json: async () => body,
      text: async () => JSON.stringify(body),
    }));
    const c = new FairnessClient({
      discoveryApi: {
        getBaseUrl: async (id: string) => `http://backend/api/${id}`,
      },
      fetchApi: { fetch: fetch as any },
    });
    return { c, fetch };
  }

  it('sends exact query strings and skips empty filters', async () => {
    const { c, fetch } = client({ items: [], next: null });
    await c.searchRounds({ playerId: 'p 1', game: '', limit: 50 });
    await c.verifyRange({ serverSeedHash: 'ab', after: 499, limit: 500 });
    await c.exportEvidence({ roundId: 'r/1' });
    await c.verifyRound('r/1');
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      'http://backend/api/fairness/rounds?playerId=p+1&limit=50',
      'http://backend/api/fairness/verification/rounds?serverSeedHash=ab&after=499&limit=500',
      'http://backend/api/fairness/evidence?roundId=r%2F1',
      'http://backend/api/fairness/rounds/r%2F1/verification',
    ]);
  });

  it('fetches a round receipt as text from its exact path', async () => {
    const { c, fetch } = client('receipt');
    expect(await c.getReceipt('r/1')).toBe('"receipt"');
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      'http://backend/api/fairness/rounds/r%2F1/receipt',
    ]);
  });

  it('fetches an evidence pack or its summary with the exact query', async () => {
    const { c, fetch } = client('pack');
    await c.getEvidencePack(
      { playerId: 'p 1', after: 99, limit: 500 },
      'ndjson',
    );
    await c.getEvidencePack(
      { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' },
      'markdown',
    );
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      'http://backend/api/fairness/evidence-pack?playerId=p+1&after=99&limit=500&format=ndjson',
      'http://backend/api/fairness/evidence-pack?from=2026-01-01T00%3A00%3A00.000Z&to=2026-01-02T00%3A00%3A00.000Z&format=markdown',
    ]);
  });

  it('reports bytes and complete round lines while a pack streams', async () => {
    const lines = [
      '{"type":"header"}\n',
      '{"type":"round","leafIndex":0}\n{"type":"rou',
      'nd","leafIndex":1}\n{"type":"seed"}\n',
      '{"type":"end","rounds":2}\n',
    ];
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        lines.forEach(l => controller.enqueue(encoder.encode(l)));
        controller.close();
      },
    });
    const c = new FairnessClient({
      discoveryApi: {
        getBaseUrl: async (id: string) => `http://backend/api/${id}`,
      },
      fetchApi: { fetch: (async () => ({ ok: true, body })) as any },
    });
    const progress: Array<{ bytes: number; rounds: number }> = [];
    const text = await c.getEvidencePack({ playerId: 'p' }, 'ndjson', {
      onProgress: p => progress.push(p),
    });
    expect(text).toBe(lines.join(''));
    const sizes = lines.map(l => encoder.encode(l).length);
    expect(progress).toEqual([
      { bytes: sizes[0], rounds: 0 },
      { bytes: sizes[0] + sizes[1], rounds: 1 },
      { bytes: sizes[0] + sizes[1] + sizes[2], rounds: 2 },
      { bytes: sizes.reduce((a, b) => a + b), rounds: 2 },
    ]);
  });

  it('turns error responses into errors with the backend message', async () => {
    const { c } = client(
      {
        error: { name: 'NotFoundError', message: "Unable to find round 'x'" },
        request: { method: 'GET', url: '/api/fairness/rounds/x/verification' },
        response: { statusCode: 404 },
      },
      404,
    );
    await expect(c.verifyRound('x')).rejects.toMatchObject({
      name: 'ResponseError',
      body: { error: { message: "Unable to find round 'x'" } },
    });
  });
});
