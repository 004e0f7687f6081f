import type { StoredToken } from '@adumo-oauth/core';
import { ENCRYPTED_PREFIX, type ValueCipher } from './encryption';
import type { InvalidValueReason } from './types';

/** Stored values larger than this are not parsed (a JWT is a few KB). */
const MAX_RAW_LENGTH = 256 * 1024;

/** The result of reading a raw Redis value. */
export type DecodeResult =
  | { readonly ok: true; readonly token: StoredToken }
  | { readonly ok: false; readonly reason: InvalidValueReason };

/** Serialise a record (encrypted when a cipher is given; the Redis key authenticates it). */
export function encodeToken(
  token: StoredToken,
  key: string,
  cipher: ValueCipher | undefined,
): string {
  const json = JSON.stringify({
    v: 1,
    value: token.value,
    expiresAt: token.expiresAt,
    issuedAt: token.issuedAt,
    scope: [...token.scope],
  });
  return cipher ? cipher.encrypt(json, key) : json;
}

/** Read a raw value back; anything unexpected is a reason, never a throw. */
export function decodeToken(
  raw: string,
  key: string,
  cipher: ValueCipher | undefined,
): DecodeResult {
  if (raw.length > MAX_RAW_LENGTH) return { ok: false, reason: 'malformed' };
  const encrypted = raw.startsWith(ENCRYPTED_PREFIX);
  let json = raw;
  if (cipher) {
    if (!encrypted) return { ok: false, reason: 'unencrypted' };
    const plain = cipher.decrypt(raw, key);
    if (plain === undefined) return { ok: false, reason: 'decrypt-failed' };
    json = plain;
  } else if (encrypted) {
    return { ok: false, reason: 'encrypted' };
  }
  const token = parseRecord(json);
  return token ? { ok: true, token } : { ok: false, reason: 'malformed' };
}

function parseRecord(json: string): StoredToken | undefined {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const { v, value, expiresAt, issuedAt, scope } = record;
  if (v !== 1 || typeof value !== 'string' || value.length === 0) return undefined;
  if (!isTime(expiresAt) || !isTime(issuedAt)) return undefined;
  if (!Array.isArray(scope) || !scope.every((s): s is string => typeof s === 'string')) {
    return undefined;
  }
  return { value, expiresAt, issuedAt, scope: Object.freeze([...scope]) };
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
