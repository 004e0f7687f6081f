import { AdumoOAuthError } from '../errors';
import type { StoredToken } from '../types';

/** Marks a sealed value: `sealed1.` + base64url(iv ‖ AES-256-GCM ciphertext ‖ tag). */
const PREFIX = 'sealed1.';
const IV_BYTES = 12;
const INFO = new TextEncoder().encode('adumo-oauth token store v1');

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * Encrypts and authenticates the tokens a manager writes to its store (Web Crypto only): the key
 * is HKDF-SHA-256 of the client secret, salted with the cache key, so only a manager with the same
 * secret and request identity can read a value, and a value copied from another key or client, a
 * forged one or one whose times were changed is rejected (times and scope are associated data).
 */
export class TokenSeal {
  readonly #key: Promise<CryptoKey>;
  readonly #cacheKey: string;

  constructor(secret: string, cacheKey: string) {
    const subtle = globalThis.crypto?.subtle;
    if (subtle === undefined)
      throw new AdumoOAuthError(
        'config',
        'TokenManager: storeEncryption needs Web Crypto (crypto.subtle)',
      );
    this.#cacheKey = cacheKey;
    const encoder = new TextEncoder();
    this.#key = subtle
      .importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey'])
      .then((base) =>
        subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(cacheKey), info: INFO },
          base,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      );
    this.#key.catch(() => undefined); // reported on first use
  }

  #aad(token: Pick<StoredToken, 'expiresAt' | 'issuedAt' | 'scope'>): BufferSource {
    return new TextEncoder().encode(
      JSON.stringify([this.#cacheKey, token.expiresAt, token.issuedAt, [...token.scope]]),
    );
  }

  /** The record to store: the same times and scope, the value sealed. */
  async seal(token: StoredToken): Promise<StoredToken> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const cipher = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: this.#aad(token) },
        await this.#key,
        new TextEncoder().encode(token.value),
      ),
    );
    const packed = new Uint8Array(IV_BYTES + cipher.length);
    packed.set(iv);
    packed.set(cipher, IV_BYTES);
    return {
      value: PREFIX + toBase64Url(packed),
      expiresAt: token.expiresAt,
      issuedAt: token.issuedAt,
      scope: [...token.scope],
    };
  }

  /** The plain record, or `undefined` when the value is not one this manager sealed unchanged. */
  async open(stored: StoredToken): Promise<StoredToken | undefined> {
    if (typeof stored.value !== 'string' || !stored.value.startsWith(PREFIX)) return undefined;
    if (stored.value.length > 64 * 1024) return undefined;
    const packed = fromBase64Url(stored.value.slice(PREFIX.length));
    if (packed === undefined || packed.length < IV_BYTES + 16) return undefined;
    try {
      const plain = await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: packed.slice(0, IV_BYTES) as BufferSource,
          additionalData: this.#aad(stored),
        },
        await this.#key,
        packed.slice(IV_BYTES),
      );
      return { ...stored, value: new TextDecoder('utf-8', { fatal: true }).decode(plain) };
    } catch {
      return undefined;
    }
  }
}
