import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  utf8ToBytes,
} from './encoding';

// C2SP signed-note: signature type byte for Ed25519 keys.
const ED25519_ALG = 0x01;
const EM_DASH = '\u2014';

/**
 * A tree head in the C2SP tlog-checkpoint format.
 * @public
 */
export type Checkpoint = {
  /** Unique name of the log, first line of the note, also the key name by convention. */
  origin: string;
  treeSize: number;
  rootHash: Uint8Array;
  /**
   * Milliseconds since the epoch when the head was signed, carried in a
   * `timestamp <ms>` extension line; strictly increasing across heads.
   */
  timestamp?: number;
};

/** An Ed25519 signed-note signer. @public */
export type NoteSigner = {
  name: string;
  keyHash: number;
  sign(message: Uint8Array): Uint8Array;
  /** The verifier key string `<name>+<hex hash>+<base64(0x01 || public key)>`. */
  verifierKey: string;
};

/** An Ed25519 signed-note verifier. @public */
export type NoteVerifier = {
  name: string;
  keyHash: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
};

function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** First 4 bytes of SHA-256(name || "\n" || 0x01 || publicKey), big-endian. */
function keyHash(name: string, publicKey: Uint8Array): number {
  const nameBytes = utf8ToBytes(`${name}\n`);
  const buf = new Uint8Array(nameBytes.length + 1 + publicKey.length);
  buf.set(nameBytes, 0);
  buf[nameBytes.length] = ED25519_ALG;
  buf.set(publicKey, nameBytes.length + 1);
  const digest = sha256(buf);
  return (
    ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0
  );
}

/** Splits `a+b+rest` into `count` fields; the last field may contain '+' (base64). */
function splitKey(key: string, count: number): string[] | undefined {
  const parts = key.trim().split('+');
  if (parts.length < count) {
    return undefined;
  }
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join('+')];
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/**
 * Generates a new Ed25519 key pair as signed-note key strings
 * (`PRIVATE+KEY+<name>+<hash>+<base64>` and `<name>+<hash>+<base64>`).
 * @public
 */
export function generateNoteKeys(name: string): {
  signerKey: string;
  verifierKey: string;
} {
  if (!isValidKeyName(name)) {
    throw new Error(`invalid key name '${name}'`);
  }
  const secret = ed25519.utils.randomPrivateKey();
  const publicKey = ed25519.getPublicKey(secret);
  const hash = hex8(keyHash(name, publicKey));
  const privateBytes = new Uint8Array([ED25519_ALG, ...secret]);
  const publicBytes = new Uint8Array([ED25519_ALG, ...publicKey]);
  return {
    signerKey: `PRIVATE+KEY+${name}+${hash}+${bytesToBase64(privateBytes)}`,
    verifierKey: `${name}+${hash}+${bytesToBase64(publicBytes)}`,
  };
}

/** Parses a `PRIVATE+KEY+...` signer key, checking its key hash. @public */
export function parseSignerKey(signerKey: string): NoteSigner {
  const parts = splitKey(signerKey, 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new Error(
      'signer key must look like PRIVATE+KEY+<name>+<hash>+<key>',
    );
  }
  const [, , name, hash, encoded] = parts;
  const bytes = base64ToBytes(encoded);
  if (
    !isValidKeyName(name) ||
    bytes.length !== 33 ||
    bytes[0] !== ED25519_ALG
  ) {
    throw new Error('signer key is not an Ed25519 signed-note key');
  }
  const secret = bytes.slice(1);
  const publicKey = ed25519.getPublicKey(secret);
  const computed = keyHash(name, publicKey);
  if (hex8(computed) !== hash) {
    throw new Error('signer key hash does not match its key');
  }
  return {
    name,
    keyHash: computed,
    sign: message => ed25519.sign(message, secret),
    verifierKey: `${name}+${hash}+${bytesToBase64(
      new Uint8Array([ED25519_ALG, ...publicKey]),
    )}`,
  };
}

/** Parses a `<name>+<hash>+<key>` verifier key, checking its key hash. @public */
export function parseVerifierKey(verifierKey: string): NoteVerifier {
  const parts = splitKey(verifierKey, 3);
  if (!parts) {
    throw new Error('verifier key must look like <name>+<hash>+<key>');
  }
  const [name, hash, encoded] = parts;
  const bytes = base64ToBytes(encoded);
  if (
    !isValidKeyName(name) ||
    bytes.length !== 33 ||
    bytes[0] !== ED25519_ALG
  ) {
    throw new Error('verifier key is not an Ed25519 signed-note key');
  }
  const publicKey = bytes.slice(1);
  const computed = keyHash(name, publicKey);
  if (hex8(computed) !== hash) {
    throw new Error('verifier key hash does not match its key');
  }
  return {
    name,
    keyHash: computed,
    verify: (message, signature) => {
      try {
        return ed25519.verify(signature, message, publicKey);
      } catch {
        return false;
      }
    },
  };
}

/** Signs note text (which must end in a newline) and appends the signature line. @public */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n') || text.includes('\n\n')) {
    throw new Error(
      'note text must end with a newline and contain no blank lines',
    );
  }
  const signature = signer.sign(utf8ToBytes(text));
  const hash = new Uint8Array([
    signer.keyHash >>> 24,
    (signer.keyHash >>> 16) & 0xff,
    (signer.keyHash >>> 8) & 0xff,
    signer.keyHash & 0xff,
  ]);
  const blob = new Uint8Array([...hash, ...signature]);
  return `${text}\n${EM_DASH} ${signer.name} ${bytesToBase64(blob)}\n`;
}

/**
 * Splits a signed note and verifies it with the given key. Throws with the
 * reason when no signature by that key verifies.
 * @public
 */
export function openNote(note: string, verifier: NoteVerifier): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) {
    throw new Error('malformed note: no blank line before the signatures');
  }
  const text = note.slice(0, split + 1);
  const signatureLines = note.slice(split + 2).split('\n');
  if (signatureLines.pop() !== '') {
    throw new Error('malformed note: must end with a newline');
  }
  let sawKey = false;
  for (const line of signatureLines) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!match) {
      throw new Error(`malformed signature line '${line}'`);
    }
    const [, name, encoded] = match;
    const blob = base64ToBytes(encoded);
    if (blob.length < 5 || name !== verifier.name) {
      continue;
    }
    const hash =
      ((blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3]) >>> 0;
    if (hash !== verifier.keyHash) {
      continue;
    }
    sawKey = true;
    if (verifier.verify(utf8ToBytes(text), blob.slice(4))) {
      return text;
    }
  }
  throw new Error(
    sawKey
      ? `signature by key '${verifier.name}' (${hex8(
          verifier.keyHash,
        )}) does not verify`
      : `note has no signature by key '${verifier.name}' (${hex8(
          verifier.keyHash,
        )})`,
  );
}

/** The checkpoint body: origin, size, base64 root, then extension lines. @public */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, treeSize, rootHash, timestamp } = checkpoint;
  if (!origin || origin.includes('\n')) {
    throw new Error('checkpoint origin must be a non-empty single line');
  }
  if (
    !Number.isSafeInteger(treeSize) ||
    treeSize < 0 ||
    rootHash.length !== 32
  ) {
    throw new Error(
      'checkpoint needs a non-negative tree size and a 32-byte root',
    );
  }
  let text = `${origin}\n${treeSize}\n${bytesToBase64(rootHash)}\n`;
  if (timestamp !== undefined) {
    text += `timestamp ${timestamp}\n`;
  }
  return text;
}

/** Parses a checkpoint body (the text of a note, without signatures). @public */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.pop() !== '') {
    throw new Error(
      'malformed checkpoint: expected origin, size and root lines',
    );
  }
  const [origin, size, root, ...extensions] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new Error(`malformed checkpoint: tree size '${size}'`);
  }
  const rootHash = base64ToBytes(root);
  if (rootHash.length !== 32) {
    throw new Error('malformed checkpoint: root hash is not 32 bytes');
  }
  const checkpoint: Checkpoint = { origin, treeSize: Number(size), rootHash };
  for (const line of extensions) {
    const match = /^timestamp (0|[1-9][0-9]*)$/.exec(line);
    if (match) {
      checkpoint.timestamp = Number(match[1]);
    }
  }
  return checkpoint;
}

/** Formats and signs a checkpoint, returning the signed note. @public */
export function signCheckpoint(
  checkpoint: Checkpoint,
  signer: NoteSigner,
): string {
  return signNote(formatCheckpoint(checkpoint), signer);
}

/**
 * Verifies a signed checkpoint note with the log's verifier key and returns
 * the checkpoint; throws with the reason on any failure, including an origin
 * that differs from the key name.
 * @public
 */
export function verifyCheckpoint(
  note: string,
  verifierKey: string | NoteVerifier,
): Checkpoint {
  const verifier =
    typeof verifierKey === 'string'
      ? parseVerifierKey(verifierKey)
      : verifierKey;
  const checkpoint = parseCheckpoint(openNote(note, verifier));
  if (checkpoint.origin !== verifier.name) {
    throw new Error(
      `checkpoint origin '${checkpoint.origin}' does not match key name '${verifier.name}'`,
    );
  }
  return checkpoint;
}

/**
 * What the log anchors on chain for a signed tree head: sha256 of the whole
 * signed note, as 0x-prefixed hex (the transaction's data field).
 * @public
 */
export function checkpointAnchorData(note: string): string {
  return `0x${bytesToHex(sha256(utf8ToBytes(note)))}`;
}
