import { createHash } from 'node:crypto';
import type { RedisScript } from './types';

function script(source: string): RedisScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/**
 * Delete `KEYS[1]` only while it still holds exactly `ARGV[1]`; returns 1 when deleted. Releases a
 * lock by its owner token, and deletes a token only if it is still the one the caller saw.
 */
export const COMPARE_AND_DELETE: RedisScript = script(
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
);
