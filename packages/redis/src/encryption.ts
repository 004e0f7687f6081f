import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AdumoOAuthError } from '@adumo-oauth/core';
import type { EncryptionKey } from './types';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Marks an encrypted value: `enc1:` + base64url(iv ‖ tag ‖ ciphertext). */
export const ENCRYPTED_PREFIX = 'enc1:';

/** Turn a user key into 32 bytes; throws a `config` error (never echoing the key) when it is not one. */
export function parseEncryptionKey(key: EncryptionKey): Buffer {
  let bytes: Buffer | undefined;
  if (typeof key === 'string') {
    const text = key.trim();
    if (/^[0-9a-fA-F]{64}$/.test(text)) bytes = Buffer.from(text, 'hex');
    else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) bytes = Buffer.from(text, 'base64');
  } else if (key instanceof Uint8Array) {
    bytes = Buffer.from(key);
  }
  if (bytes?.length !== KEY_BYTES) {
    throw new AdumoOAuthError(
      'config',
      'RedisTokenStore: encryptionKey must be 32 bytes (a Buffer, 64 hex digits or base64 of 32 bytes)',
    );
  }
  return bytes;
}

/** AES-256-GCM with a random IV per value; the Redis key is the associated data. */
export class ValueCipher {
  readonly #keys: readonly Buffer[];

  /** `keys[0]` encrypts; every key is tried to decrypt. */
  constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0)
      throw new AdumoOAuthError('config', 'RedisTokenStore: encryptionKey list is empty');
    this.#keys = keys.map(parseEncryptionKey);
  }

  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys[0]!, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const packed = Buffer.concat([iv, cipher.getAuthTag(), body]);
    return ENCRYPTED_PREFIX + packed.toString('base64url');
  }

  /** The plaintext, or `undefined` when no key authenticates the value. */
  decrypt(raw: string, aad: string): string | undefined {
    const packed = Buffer.from(raw.slice(ENCRYPTED_PREFIX.length), 'base64url');
    if (packed.length < IV_BYTES + TAG_BYTES) return undefined;
    const iv = packed.subarray(0, IV_BYTES);
    const tag = packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const body = packed.subarray(IV_BYTES + TAG_BYTES);
    for (const key of this.#keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // Wrong key or tampered value: try the next key.
      }
    }
    return undefined;
  }
}
