import type { RequestIdentity } from './acquisition/request';
import { utf8 } from './bytes';

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
