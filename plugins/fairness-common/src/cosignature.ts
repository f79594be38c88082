import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import {
  base64ToBytes,
  bytesEqual,
  bytesToBase64,
  utf8ToBytes,
} from './encoding';

// C2SP tlog-cosignature: Ed25519 cosignatures are signed-note signatures of
// type 0x04 over "cosignature/v1\ntime <t>\n" + the checkpoint body.
const COSIGNATURE_ALG = 0x04;
const EM_DASH = '\u2014';

/** A witness's Ed25519 cosignature verifier key. @public */
export type CosignerVerifier = {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
};

function keyIdOf(name: string, publicKey: Uint8Array): Uint8Array {
  const prefix = utf8ToBytes(`${name}\n`);
  return sha256(
    new Uint8Array([...prefix, COSIGNATURE_ALG, ...publicKey]),
  ).slice(0, 4);
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');

function cosignedMessage(body: string, timestamp: number): Uint8Array {
  return utf8ToBytes(`cosignature/v1\ntime ${timestamp}\n${body}`);
}

/** Parses a `<name>+<key id>+<base64(0x04 || key)>` vkey. @public */
export function parseCosignerKey(vkey: string): CosignerVerifier {
  const [name, id, ...rest] = vkey.trim().split('+');
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(rest.join('+'));
  } catch {
    throw new Error(`witness key of '${name}' is not base64`);
  }
  if (!name || bytes.length !== 33 || bytes[0] !== COSIGNATURE_ALG) {
    throw new Error(
      `witness key '${vkey.slice(
        0,
        60,
      )}' is not an Ed25519 cosignature (type 0x04) key`,
    );
  }
  const publicKey = bytes.slice(1);
  const keyId = keyIdOf(name, publicKey);
  if (hex(keyId) !== id) {
    throw new Error(`witness key of '${name}': key id does not match the key`);
  }
  return { name, keyId, publicKey };
}

/** A witness key pair for tests and the local witness. @public */
export function generateCosignerKeys(name: string): {
  secretKey: Uint8Array;
  vkey: string;
} {
  const secretKey = ed25519.utils.randomPrivateKey();
  return { secretKey, vkey: cosignerVkey(name, secretKey) };
}

/** The public vkey of a witness's secret key. @public */
export function cosignerVkey(name: string, secretKey: Uint8Array): string {
  const publicKey = ed25519.getPublicKey(secretKey);
  return `${name}+${hex(keyIdOf(name, publicKey))}+${bytesToBase64(
    new Uint8Array([COSIGNATURE_ALG, ...publicKey]),
  )}`;
}

/** The signature line a witness adds to a checkpoint body. @public */
export function cosignatureLine(
  body: string,
  name: string,
  secretKey: Uint8Array,
  timestamp: number,
): string {
  const keyId = keyIdOf(name, ed25519.getPublicKey(secretKey));
  const time = new Uint8Array(8);
  new DataView(time.buffer).setBigUint64(0, BigInt(timestamp));
  const signature = ed25519.sign(cosignedMessage(body, timestamp), secretKey);
  return `${EM_DASH} ${name} ${bytesToBase64(
    new Uint8Array([...keyId, ...time, ...signature]),
  )}`;
}

/**
 * Whether `line` is a valid cosignature of checkpoint `body` by `witness`;
 * lines of other keys are simply not theirs (false).
 * @public
 */
export function verifyCosignatureLine(
  body: string,
  line: string,
  witness: CosignerVerifier,
): boolean {
  const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
  if (!match || match[1] !== witness.name) return false;
  let blob: Uint8Array;
  try {
    blob = base64ToBytes(match[2]);
  } catch {
    return false;
  }
  if (blob.length !== 76 || !bytesEqual(blob.slice(0, 4), witness.keyId)) {
    return false;
  }
  const timestamp = new DataView(
    blob.buffer,
    blob.byteOffset + 4,
    8,
  ).getBigUint64(0);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) return false;
  try {
    return ed25519.verify(
      blob.slice(12),
      cosignedMessage(body, Number(timestamp)),
      witness.publicKey,
    );
  } catch {
    return false;
  }
}
