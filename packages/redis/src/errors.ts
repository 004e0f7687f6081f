import { AdumoOAuthError } from '@adumo-oauth/core';
import { outsideText, setErrorName } from '@adumo-oauth/core/adapter';

/** Why a Redis call failed. */
export type RedisTokenStoreErrorReason = 'timeout' | 'unavailable' | 'command' | 'closed';

/**
 * A Redis call of {@link RedisTokenStore} failed or took too long: a core `AdumoOAuthError`
 * (`code: "store"`, treated by the TokenManager as a cache miss). The message and `cause` carry
 * only the Redis error's name and message, never a command's arguments (ioredis attaches them to
 * its errors, and they would hold the token).
 */
export class RedisTokenStoreError extends AdumoOAuthError {
  /**
   * `timeout`: no answer within `commandTimeoutMs`; `unavailable`: no usable connection;
   * `command`: Redis answered with an error (e.g. `WRONGTYPE`, `OOM`); `closed`: the store was closed.
   */
  readonly reason: RedisTokenStoreErrorReason;
  /** The store operation that failed, e.g. `"get"`, `"lock"`. */
  readonly operation: string;

  constructor(
    reason: RedisTokenStoreErrorReason,
    operation: string,
    message: string,
    cause?: Error,
  ) {
    super('store', `Redis token store ${operation} failed (${reason}): ${message}`, { cause });
    this.reason = reason;
    this.operation = operation;
  }
}
setErrorName(RedisTokenStoreError, 'RedisTokenStoreError');

/** Whether `value` is a {@link RedisTokenStoreError} (also across ESM/CommonJS copies). */
export function isRedisTokenStoreError(value: unknown): value is RedisTokenStoreError {
  return value instanceof Error && value.name === 'RedisTokenStoreError' && 'reason' in value;
}

const MAX_MESSAGE = 200;

/**
 * A copy of a thrown value with only its name and message, no `command.args`. Both came from the
 * Redis server or the network, so both are shown through the core's `outsideText` like every other
 * outside text: redacted (tokens, credentials), control, bidi and format characters escaped
 * (`\u001b`), cut to 200 characters with `…(N more)`.
 */
export function sanitizeError(value: unknown): Error {
  const source = value instanceof Error ? value : undefined;
  const copy = new Error(
    outsideText(source === undefined ? value : source.message, { max: MAX_MESSAGE }),
  );
  copy.name = source === undefined ? 'Error' : outsideText(source.name, { max: 100 });
  return copy;
}
