import { createHash, createHmac } from 'node:crypto';
import {
  PLINKO_PAYOUTS,
  crashPoint,
  gameResult,
  generateFloats,
  hashServerSeed,
  setCryptoPrimitives,
} from './games';

// Independent reference from Stake's published description, using node:crypto:
// bytes from HMAC_SHA256(serverSeed, `${clientSeed}:${nonce}:${round}`), each
// 4 bytes read as a big-endian uint32 / 2^32 (equal to Σ byteᵢ / 256^(i+1)).
function referenceFloats(
  serverSeed: string,
  clientSeed: string,
  nonce: number,
  count: number,
) {
  const blocks: Buffer[] = [];
  for (let round = 0; blocks.length * 32 < count * 4; round++) {
    blocks.push(
      createHmac('sha256', serverSeed)
        .update(`${clientSeed}:${nonce}:${round}`)
        .digest(),
    );
  }
  const bytes = Buffer.concat(blocks);
  return Array.from(
    { length: count },
    (_, i) => bytes.readUInt32BE(i * 4) / 2 ** 32,
  );
}

// Selection without replacement by scanning for the n-th unused item.
function referenceDraw(size: number, floats: number[]) {
  const used = new Array(size).fill(false);
  return floats.map((f, i) => {
    let target = Math.floor(f * (size - i));
    for (let j = 0; j < size; j++) {
      if (!used[j] && target-- === 0) {
        used[j] = true;
        return j;
      }
    }
    throw new Error('unreachable');
  });
}

const seeds = Array.from({ length: 40 }, (_, i) => ({
  serverSeed: createHmac('sha256', 'fixture').update(String(i)).digest('hex'),
  clientSeed: `player-${i % 7}`,
  nonce: i * 13,
}));

describe('generateFloats', () => {
  it('matches the published byte generator across block boundaries', () => {
    for (const s of seeds) {
      expect(generateFloats({ ...s, count: 24 })).toEqual(
        referenceFloats(s.serverSeed, s.clientSeed, s.nonce, 24),
      );
    }
  });

  it('starts at a byte cursor and continues into the next HMAC block', () => {
    const s = seeds[0];
    const all = referenceFloats(s.serverSeed, s.clientSeed, s.nonce, 16);
    expect(generateFloats({ ...s, cursor: 4, count: 3 })).toEqual(
      all.slice(1, 4),
    );
    expect(generateFloats({ ...s, cursor: 32, count: 8 })).toEqual(
      all.slice(8, 16),
    );
  });

  it('rejects bad input instead of producing a result', () => {
    expect(() => generateFloats({ ...seeds[0], nonce: -1, count: 1 })).toThrow(
      /nonce/,
    );
    expect(() => generateFloats({ ...seeds[0], nonce: 1.5, count: 1 })).toThrow(
      /nonce/,
    );
    expect(() => generateFloats({ ...seeds[0], count: -1 })).toThrow(/count/);
  });
});

describe('gameResult', () => {
  it.each(seeds)(
    'maps floats to each game as published ($clientSeed, nonce $nonce)',
    s => {
      const f = referenceFloats(s.serverSeed, s.clientSeed, s.nonce, 24);
      expect(gameResult('dice', s)).toBe(Math.floor(f[0] * 10001) / 100);
      expect(gameResult('roulette', s)).toBe(Math.floor(f[0] * 37));
      expect(gameResult('limbo', s)).toBe(
        Math.max(1, Math.floor((1e8 / (f[0] * 1e8)) * 0.99 * 100) / 100),
      );
      expect(gameResult('keno', s)).toEqual(
        referenceDraw(40, f.slice(0, 10)).map(x => x + 1),
      );
      expect(gameResult('mines', { ...s, mines: 3 })).toEqual(
        referenceDraw(25, f).slice(0, 3),
      );
      for (const rows of [8, 12, 16]) {
        const bucket = f.slice(0, rows).filter(x => x >= 0.5).length;
        expect(gameResult('plinko', { ...s, rows, risk: 'high' })).toEqual({
          bucket,
          multiplier: PLINKO_PAYOUTS.high[rows][bucket],
        });
      }
    },
  );

  it('keeps results in their published ranges', () => {
    for (let nonce = 0; nonce < 300; nonce++) {
      const s = { serverSeed: 'range-check', clientSeed: 'c', nonce };
      const dice = gameResult('dice', s);
      expect(dice).toBeGreaterThanOrEqual(0);
      expect(dice).toBeLessThanOrEqual(100);
      expect(Math.round(dice * 100)).toBeCloseTo(dice * 100, 6);
      expect(gameResult('roulette', s)).toBeLessThanOrEqual(36);
      expect(gameResult('limbo', s)).toBeGreaterThanOrEqual(1);
      const keno = gameResult('keno', s);
      expect(new Set(keno).size).toBe(10);
      expect(Math.min(...keno)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...keno)).toBeLessThanOrEqual(40);
      const mines = gameResult('mines', { ...s, mines: 24 });
      expect(new Set(mines).size).toBe(24);
      expect(Math.max(...mines)).toBeLessThanOrEqual(24);
    }
  });

  it('rejects parameters the games do not have', () => {
    const s = seeds[1];
    expect(() => gameResult('plinko', { ...s, rows: 7, risk: 'low' })).toThrow(
      /rows/,
    );
    expect(() =>
      gameResult('plinko', { ...s, rows: 8, risk: 'wild' as any }),
    ).toThrow(/risk/);
    expect(() => gameResult('mines', { ...s, mines: 25 })).toThrow(/mines/);
    expect(() => gameResult('poker' as any, s)).toThrow(/unknown game/);
  });

  it('has plinko tables for 8-16 rows with a ~1% house edge', () => {
    for (const risk of ['low', 'medium', 'high'] as const) {
      for (let rows = 8; rows <= 16; rows++) {
        const table = PLINKO_PAYOUTS[risk][rows];
        expect(table).toHaveLength(rows + 1);
        expect(table).toEqual([...table].reverse());
        let rtp = 0;
        let ways = 1;
        for (let k = 0; k <= rows; k++) {
          rtp += (ways / 2 ** rows) * table[k];
          ways = (ways * (rows - k)) / (k + 1);
        }
        expect(rtp).toBeGreaterThan(0.985);
        expect(rtp).toBeLessThan(0.995);
      }
    }
  });

  it('reproduces the worked examples published in docs/auditors-guide.md', () => {
    const s = {
      serverSeed:
        'b5a7d5c1f0e94c3d8a2e6f7091b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5',
      clientSeed: 'auditor-demo',
      nonce: 1,
    };
    expect(hashServerSeed(s.serverSeed)).toMatchInlineSnapshot(
      `"2f26735981d5d66670f842655ca8a1dac2083cc2c70974ba970759b9ac37b20d"`,
    );
    expect(generateFloats({ ...s, count: 2 })).toMatchInlineSnapshot(`
      [
        0.0016181471291929483,
        0.0406569296028465,
      ]
    `);
    expect(gameResult('dice', s)).toMatchInlineSnapshot(`0.16`);
    expect(gameResult('limbo', s)).toMatchInlineSnapshot(`611.81`);
    expect(gameResult('roulette', s)).toMatchInlineSnapshot(`0`);
    expect(gameResult('plinko', { ...s, rows: 16, risk: 'medium' }))
      .toMatchInlineSnapshot(`
      {
        "bucket": 8,
        "multiplier": 0.3,
      }
    `);
    expect(gameResult('keno', s)).toMatchInlineSnapshot(`
      [
        1,
        3,
        37,
        5,
        18,
        34,
        40,
        21,
        20,
        31,
      ]
    `);
    expect(gameResult('mines', { ...s, mines: 5 })).toMatchInlineSnapshot(`
      [
        0,
        1,
        23,
        3,
        11,
      ]
    `);
    expect(
      crashPoint({
        gameHash:
          '7d8f3b2a1c0e9f8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100f',
        seed: '0000000000000000001b34dc6a1e86083f95500b096231436e9b25cbdd0075c4',
      }),
    ).toMatchInlineSnapshot(`10.93`);
  });
});

describe('crashPoint', () => {
  it('follows the published hash-chain formula', () => {
    for (const s of seeds) {
      const hex = createHmac('sha256', s.serverSeed)
        .update(s.clientSeed)
        .digest('hex');
      const int = parseInt(hex.slice(0, 8), 16);
      const expected =
        Math.floor(Math.max(1, (2 ** 32 / (int + 1)) * 0.99) * 100) / 100;
      expect(crashPoint({ gameHash: s.serverSeed, seed: s.clientSeed })).toBe(
        expected,
      );
      expect(gameResult('crash', s)).toBe(expected);
    }
  });
});

describe('setCryptoPrimitives', () => {
  afterEach(() => setCryptoPrimitives(undefined));

  it('gives identical results with node:crypto primitives', () => {
    const portable = seeds.map(s => [
      gameResult('keno', s),
      gameResult('mines', { ...s, mines: 7 }),
      hashServerSeed(s.serverSeed),
      crashPoint({ gameHash: s.serverSeed, seed: s.clientSeed }),
    ]);
    setCryptoPrimitives({
      hmacSha256: (key, message) =>
        new Uint8Array(createHmac('sha256', key).update(message).digest()),
      sha256: data =>
        new Uint8Array(createHash('sha256').update(data).digest()),
    });
    const native = seeds.map(s => [
      gameResult('keno', s),
      gameResult('mines', { ...s, mines: 7 }),
      hashServerSeed(s.serverSeed),
      crashPoint({ gameHash: s.serverSeed, seed: s.clientSeed }),
    ]);
    expect(native).toEqual(portable);
  });
});
