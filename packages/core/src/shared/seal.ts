import { base64ToUrl, fromBase64, toBase64, utf8 } from '../bytes';
import { AdumoOAuthError } from '../errors';
import type { StoredToken } from '../types';
import type { RequestIdentity } from '../acquisition/request';

/** Marks a sealed value: `sealed1.` + base64url(iv ‖ AES-256-GCM ciphertext ‖ tag). */
const PREFIX = 'sealed1.';
const IV_BYTES = 12;
const INFO = new TextEncoder().encode('adumo-oauth token store v1');

const toBase64Url = (bytes: Uint8Array): string => base64ToUrl(toBase64(bytes));

const fromBase64Url = (text: string): Uint8Array | undefined =>
  /^[A-Za-z0-9_-]*$/.test(text) ? fromBase64(text) : undefined;

/**
 * Encrypts and authenticates the tokens a manager writes to its store (Web Crypto only): the key
 * is HKDF-SHA-256 of the client secret, salted with the cache key, so only a manager with the same
 * secret and request identity can read a value, and a value copied from another key or client, a
 * forged one or one whose times were changed is rejected (times and scope are associated data).
 */
export class TokenSeal {
  readonly #secret: string;
  readonly #cacheKey: () => Promise<string>;
  #key: Promise<CryptoKey> | undefined;

  /** `cacheKey` is asked for (and the AES key derived) on the first `seal` or `open`. */
  constructor(secret: string, cacheKey: () => Promise<string>) {
    if (globalThis.crypto?.subtle === undefined)
      throw new AdumoOAuthError(
        'config',
        'TokenManager: storeEncryption needs Web Crypto (crypto.subtle)',
      );
    this.#secret = secret;
    this.#cacheKey = cacheKey;
  }

  /** The AES-GCM key: HKDF-SHA-256 of the secret, salted with the cache key; derived once. */
  #aesKey(): Promise<CryptoKey> {
    return (this.#key ??= (async () => {
      const base = await crypto.subtle.importKey(
        'raw',
        utf8(this.#secret) as BufferSource,
        'HKDF',
        false,
        ['deriveKey'],
      );
      const salt = utf8(await this.#cacheKey()) as BufferSource;
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt, info: INFO },
        base,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
    })());
  }

  async #aad(token: Pick<StoredToken, 'expiresAt' | 'issuedAt' | 'scope'>): Promise<BufferSource> {
    const key = await this.#cacheKey();
    return utf8(
      JSON.stringify([key, token.expiresAt, token.issuedAt, [...token.scope]]),
    ) as BufferSource;
  }

  /** The record to store: the same times and scope, the value sealed. */
  async seal(token: StoredToken): Promise<StoredToken> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const cipher = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: await this.#aad(token) },
        await this.#aesKey(),
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
          additionalData: await this.#aad(stored),
        },
        await this.#aesKey(),
        packed.slice(IV_BYTES),
      );
      return { ...stored, value: new TextDecoder('utf-8', { fatal: true }).decode(plain) };
    } catch {
      return undefined;
    }
  }
}

/** Lower-case hex SHA-256 of `text`'s UTF-8 bytes, from the platform (Web Crypto). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text) as BufferSource));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The cache/store key: the full request identity (token URL, client id, a hash of the secret,
 * credential placement, scope, extra parameters), hashed, as `token:<clientId>:<hash>`. The client
 * id is kept readable; the secret only enters as a SHA-256 inside another SHA-256. No namespace:
 * a store adds its own (Redis: `adumo-oauth:`). Web Crypto's digest is asynchronous, hence the
 * promise.
 */
export async function computeCacheKey(id: RequestIdentity): Promise<string> {
  const identity = JSON.stringify([
    'v1',
    id.tokenUrl,
    id.clientId,
    await sha256Hex(id.clientSecret),
    id.clientAuth,
    id.scope,
    id.extraParams,
  ]);
  return `token:${encodeURIComponent(id.clientId)}:${(await sha256Hex(identity)).slice(0, 32)}`;
}

/** An identity's cache key, computed when first asked for (a manager without a store never asks). */
export interface LazyCacheKey {
  /** The key; computed on the first call, the same promise after that. */
  (): Promise<string>;
  /** The key once computed, for descriptions (`toJSON`); `undefined` before. */
  readonly known: string | undefined;
}

/** The {@link LazyCacheKey} of `id`. */
export function lazyCacheKey(id: RequestIdentity): LazyCacheKey {
  let pending: Promise<string> | undefined;
  let known: string | undefined;
  const key = () =>
    (pending ??= computeCacheKey(id).then((value) => {
      known = value;
      return value;
    }));
  return Object.defineProperty(key, 'known', { get: () => known }) as LazyCacheKey;
}
