/** Why a Redis call failed. */
export type RedisTokenStoreErrorReason = 'timeout' | 'unavailable' | 'command' | 'closed';

/**
 * A Redis call of {@link RedisTokenStore} failed or took too long. Its `code` is `"store"`, the
 * core's code for store failures. The message and `cause` carry only the Redis error's name and
 * message, never a command's arguments (ioredis attaches them, and they would hold the token).
 */
export class RedisTokenStoreError extends Error {
  /** Always `"store"`. */
  readonly code = 'store' as const;
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
    super(`Redis token store ${operation} failed (${reason}): ${message}`, cause ? { cause } : {});
    this.name = 'RedisTokenStoreError';
    this.reason = reason;
    this.operation = operation;
  }
}

/** Whether `value` is a {@link RedisTokenStoreError} (works across copies of the package). */
export function isRedisTokenStoreError(value: unknown): value is RedisTokenStoreError {
  return value instanceof Error && value.name === 'RedisTokenStoreError' && 'reason' in value;
}

const MAX_MESSAGE = 200;

/** A copy of a thrown value with only its name and (shortened) message: no `command.args`. */
export function sanitizeError(value: unknown): Error {
  const source = value instanceof Error ? value : new Error(String(value));
  const message =
    source.message.length > MAX_MESSAGE
      ? `${source.message.slice(0, MAX_MESSAGE)}…`
      : source.message;
  const copy = new Error(message);
  copy.name = source.name;
  return copy;
}
