import { CryptoPrimitives } from '@internal/plugin-fairness-common';
import { createHash, createHmac, hash } from 'node:crypto';

/**
 * One-shot SHA-256: `crypto.hash` (Node 20.12+, 21.7+) skips the Hash object
 * `createHash` builds per call, which is most of the cost of hashing 65 bytes
 * (a Merkle node); the fallback keeps older runtimes working.
 */
const sha256Once: (data: Uint8Array) => Buffer =
  typeof hash === 'function'
    ? data => hash('sha256', data, 'buffer')
    : data => createHash('sha256').update(data).digest();

/** node:crypto (OpenSSL) for the server's hot paths: bulk verification and export. */
export const nodeCryptoPrimitives: CryptoPrimitives = {
  hmacSha256: (key, message) =>
    createHmac('sha256', key).update(message).digest(),
  sha256: data => createHash('sha256').update(data).digest(),
  sha256Bytes: data => {
    const digest = sha256Once(data);
    // a plain Uint8Array view, not a Buffer (equality checks compare types)
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
  },
};
