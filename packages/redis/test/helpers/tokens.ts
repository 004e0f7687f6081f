import { randomBytes } from 'node:crypto';
import type { StoredToken } from '@adumo-oauth/core';

/** A random cache key so suites sharing one Redis never collide. */
export function uniqueKey(label = 'test'): string {
  return `${label}:${randomBytes(6).toString('hex')}`;
}

/** A stored-token record with a recognisable random value. */
export function makeToken(overrides: Partial<StoredToken> = {}, now = Date.now()): StoredToken {
  return {
    value: `tok.${randomBytes(24).toString('base64url')}`,
    issuedAt: now,
    expiresAt: now + 60_000,
    scope: ['read'],
    ...overrides,
  };
}

/** A 32-byte key for encryption tests. */
export function makeKey(): Buffer {
  return randomBytes(32);
}
