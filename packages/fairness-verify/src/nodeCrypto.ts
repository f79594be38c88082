import { CryptoPrimitives } from '@internal/plugin-fairness-common';
import { createHash, createHmac } from 'node:crypto';

/** node:crypto (OpenSSL) for verifying large bundles quickly. */
export const nodeCryptoPrimitives: CryptoPrimitives = {
  hmacSha256: (key, message) =>
    createHmac('sha256', key).update(message).digest(),
  sha256: data => createHash('sha256').update(data).digest(),
  sha256Bytes: data => {
    const digest = createHash('sha256').update(data).digest();
    // a plain Uint8Array view, not a Buffer (equality checks compare types)
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
  },
};
