import { RedisTokenStoreError, sanitizeError } from './errors';
import type { StoreHealth } from './health';

/** Runs Redis calls under a per-call timeout, turning every failure into a sanitized typed error. */
export class CommandRunner {
  #closed = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly health: StoreHealth,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closed = true;
  }

  /** `call()` bounded by the timeout; resolves its value or rejects a {@link RedisTokenStoreError}. */
  async run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    if (this.#closed) {
      throw new RedisTokenStoreError('closed', operation, 'the store is closed');
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new RedisTokenStoreError('timeout', operation, `no answer within ${this.timeoutMs} ms`),
        );
      }, this.timeoutMs);
    });
    try {
      const value = await Promise.race([call(), timeout]);
      this.health.succeeded();
      return value;
    } catch (error) {
      const failure =
        error instanceof RedisTokenStoreError ? error : wrap(operation, sanitizeError(error));
      this.health.failed(failure);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }
}

function wrap(operation: string, cause: Error): RedisTokenStoreError {
  const reason =
    cause.name === 'ReplyError'
      ? 'command'
      : /timed? ?out/i.test(cause.message)
        ? 'timeout'
        : 'unavailable';
  return new RedisTokenStoreError(reason, operation, cause.message, cause);
}
