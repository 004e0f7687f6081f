import type { EventEmitter } from 'node:events';
import type { Logger } from '@adumo-oauth/core';
import type { RedisTokenStoreError } from './errors';
import type { InvalidValueReason } from './types';

const TAG = '[adumo-oauth/redis]';

/**
 * Tracks whether Redis works and reports each change once: one `warn` + `unavailable` event when
 * it stops, one `info` + `recovered` event when it answers again; the same for unreadable values.
 */
export class StoreHealth {
  #down = false;
  #invalidSeen = false;

  constructor(
    private readonly events: EventEmitter,
    private readonly logger: Logger | undefined,
  ) {}

  /** Whether the last Redis call failed. */
  get down(): boolean {
    return this.#down;
  }

  succeeded(): void {
    if (!this.#down) return;
    this.#down = false;
    this.logger?.info?.(`${TAG} Redis token store is available again`);
    this.events.emit('recovered');
  }

  failed(error: RedisTokenStoreError): void {
    if (this.#down) return;
    this.#down = true;
    this.logger?.warn?.(
      `${TAG} Redis token store unavailable (${error.message}); instances fall back to their own tokens until it recovers`,
    );
    this.events.emit('unavailable', error);
  }

  invalidValue(key: string, reason: InvalidValueReason): void {
    if (!this.#invalidSeen) {
      this.#invalidSeen = true;
      this.logger?.warn?.(
        `${TAG} ignored an unreadable stored token (${reason}); treated as a cache miss`,
      );
    }
    this.events.emit('invalidValue', { key, reason });
  }

  validValue(): void {
    this.#invalidSeen = false;
  }
}
