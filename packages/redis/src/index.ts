export { RedisTokenStore, type RedisTokenStoreInit } from './redis-token-store';
export { ioredisClient, IOREDIS_STORE_OPTIONS, type IoredisClientOptions } from './ioredis-client';
export {
  RedisTokenStoreError,
  isRedisTokenStoreError,
  type RedisTokenStoreErrorReason,
} from './errors';
export { MissingPeerDependencyError } from './optional-peer';
export { COMPARE_AND_DELETE } from './scripts';
export type {
  EncryptionKey,
  InvalidValueReason,
  RedisScript,
  RedisTokenStoreClient,
  RedisTokenStoreEvents,
  RedisTokenStoreOptions,
} from './types';
