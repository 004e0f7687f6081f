import type { RequestIdentity } from './acquisition/request';
import { sha256Hex } from './sha256';

/**
 * The cache/store key: the full request identity (token URL, client id, a hash of the secret,
 * credential placement, scope, extra parameters), hashed, as `token:<clientId>:<hash>`. The client
 * id is kept readable; the secret only enters as a SHA-256 inside another SHA-256. No namespace:
 * a store adds its own (Redis: `adumo-oauth:`).
 */
export function computeCacheKey(id: RequestIdentity): string {
  const identity = JSON.stringify([
    'v1',
    id.tokenUrl,
    id.clientId,
    sha256Hex(id.clientSecret),
    id.clientAuth,
    id.scope,
    id.extraParams,
  ]);
  return `token:${encodeURIComponent(id.clientId)}:${sha256Hex(identity).slice(0, 32)}`;
}
