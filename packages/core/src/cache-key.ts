import { createHash } from 'node:crypto';
import type { ResolvedConfig } from './config';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The cache/store key: the full request identity (token URL, client id, a hash of the secret,
 * credential placement, scope, extra parameters), hashed. The client id is kept readable; the
 * secret only enters as a SHA-256 inside another SHA-256.
 */
export function computeCacheKey(config: ResolvedConfig): string {
  const identity = JSON.stringify([
    'v1',
    config.tokenUrl,
    config.clientId,
    sha256(config.clientSecret),
    config.clientAuth,
    config.scope,
    config.extraParams,
  ]);
  return `adumo-oauth:token:${encodeURIComponent(config.clientId)}:${sha256(identity).slice(0, 32)}`;
}
