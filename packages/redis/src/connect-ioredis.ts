import type { Redis, RedisOptions } from 'ioredis';
import { IOREDIS_STORE_OPTIONS } from './ioredis-client';
import { importOptionalPeer } from '@adumo-oauth/core/adapter';
import { MissingPeerDependencyError } from './optional-peer';

/**
 * Create an ioredis client for `url` with {@link IOREDIS_STORE_OPTIONS}, loading ioredis lazily:
 * without ioredis installed this rejects with a `MissingPeerDependencyError` ("npm install ioredis").
 */
export async function connectIoredis(
  url: string,
  commandTimeoutMs: number | undefined,
  overrides: RedisOptions | undefined,
): Promise<Redis> {
  const { Redis: RedisClient } = await importOptionalPeer(
    'ioredis',
    () => import('ioredis'),
    (cause) =>
      new MissingPeerDependencyError(
        'ioredis',
        'RedisTokenStore.fromUrl() from @adumo-oauth/redis',
        cause,
      ),
  );
  const redis = new RedisClient(url, {
    ...IOREDIS_STORE_OPTIONS,
    ...(commandTimeoutMs === undefined ? {} : { commandTimeout: commandTimeoutMs }),
    ...overrides,
  });
  // The store reports outages once; without a listener ioredis prints every reconnect failure.
  redis.on('error', () => undefined);
  return redis;
}
