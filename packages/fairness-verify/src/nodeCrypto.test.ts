import { sha256Bytes } from '@internal/plugin-fairness-common';
import { createHash } from 'node:crypto';
import { nodeCryptoPrimitives } from './nodeCrypto';

describe('nodeCryptoPrimitives', () => {
  it('hashes bytes to SHA-256 as a plain Uint8Array, as the portable hash does', () => {
    for (const size of [0, 1, 33, 65, 1000]) {
      const data = new Uint8Array(size).map((_, i) => (i * 7 + size) & 0xff);
      const digest = nodeCryptoPrimitives.sha256Bytes!(data);
      expect(digest.constructor).toBe(Uint8Array);
      expect(Buffer.from(digest).toString('hex')).toBe(
        createHash('sha256').update(data).digest('hex'),
      );
      // sha256Bytes without primitives set is @noble/hashes
      expect(Buffer.from(digest).toString('hex')).toBe(
        Buffer.from(sha256Bytes(data)).toString('hex'),
      );
    }
  });
});
