import {
  decodeEntryBundle,
  encodeEntryBundle,
  parseTileIndex,
  tilePath,
  tileWidthAt,
} from './tiles';

describe('tlog-tiles paths', () => {
  it('spells indexes as the spec does', () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe(
      'tile/0/x001/x234/067',
    );
    expect(tilePath({ level: 2, index: 5, width: 17 })).toBe('tile/2/005.p/17');
    expect(tilePath({ level: 'entries', index: 1000, width: 1 })).toBe(
      'tile/entries/x001/000.p/1',
    );
    expect(() => tilePath({ level: 64, index: 0, width: 256 })).toThrow();
    expect(() => tilePath({ level: 0, index: 0, width: 0 })).toThrow();
  });

  it('parses only canonical indexes', () => {
    expect(parseTileIndex('x001/x234/067')).toEqual({
      index: 1234067,
      width: 256,
    });
    expect(parseTileIndex('067.p/255')).toEqual({ index: 67, width: 255 });
    for (const bad of [
      '67',
      '0067',
      'x000/067',
      '067.p/256',
      '067.p/0',
      '067.p/07',
      'x1/067',
      '067/',
      '../067',
      'x001/x234/067.p/1/',
    ]) {
      expect({ bad, parsed: parseTileIndex(bad) }).toEqual({
        bad,
        parsed: undefined,
      });
    }
  });

  it('sizes tiles as the spec example does (tree of 70,000)', () => {
    expect(tileWidthAt(0, 272, 70_000)).toBe(256);
    expect(tileWidthAt(0, 273, 70_000)).toBe(112);
    expect(tileWidthAt(0, 274, 70_000)).toBe(0);
    expect(tileWidthAt(1, 0, 70_000)).toBe(256);
    expect(tileWidthAt(1, 1, 70_000)).toBe(17);
    expect(tileWidthAt(2, 0, 70_000)).toBe(1);
    expect(tileWidthAt(1, 0, 256)).toBe(1);
  });

  it('round-trips entry bundles and refuses truncated ones', () => {
    const entries = [new Uint8Array([1, 2, 3]), new Uint8Array(300)];
    const bundle = encodeEntryBundle(entries);
    expect([...bundle.slice(0, 5)]).toEqual([0, 3, 1, 2, 3]);
    expect([...bundle.slice(5, 7)]).toEqual([1, 44]);
    expect(decodeEntryBundle(bundle)).toEqual(entries);
    expect(() => decodeEntryBundle(bundle.slice(0, -1))).toThrow(/truncated/);
    expect(() => encodeEntryBundle([new Uint8Array(65536)])).toThrow();
  });
});
