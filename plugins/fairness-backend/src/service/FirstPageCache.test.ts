import { FirstPageCache, serializeBody } from './FirstPageCache';

describe('FirstPageCache', () => {
  it('computes a key once until it expires', async () => {
    let now = 0;
    const cache = new FirstPageCache({
      maxAgeMs: 100,
      maxEntries: 4,
      now: () => now,
    });
    const compute = jest.fn(async () => serializeBody({ n: 1 }));
    await cache.get('a', compute);
    now = 99;
    await cache.get('a', compute);
    expect(compute).toHaveBeenCalledTimes(1);
    now = 100;
    await cache.get('a', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxEntries keys and forgets failures', async () => {
    const cache = new FirstPageCache({ maxAgeMs: 1000, maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) {
      await cache.get(key, async () => serializeBody(key));
    }
    expect(cache.size).toBe(2);
    await expect(
      cache.get('d', async () => {
        throw new Error('db down');
      }),
    ).rejects.toThrow('db down');
    expect(cache.size).toBe(1);
  });

  it('serializes like res.json, with a weak ETag of the body', () => {
    const { body, etag } = serializeBody({ é: [1, null] });
    expect(body.toString('utf8')).toBe('{"é":[1,null]}');
    expect(etag).toMatch(/^W\/"f-[A-Za-z0-9+/]{27}"$/);
  });
});
