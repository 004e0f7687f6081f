import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  AdumoOAuthError,
  type StoredToken,
  type TokenStore,
  type TokenStoreLock,
} from '@adumo-oauth/core';
import type { Redis, RedisOptions } from 'ioredis';
import { decodeToken, encodeToken } from './codec';
import { CommandRunner } from './command-runner';
import { connectIoredis } from './connect-ioredis';
import { ValueCipher } from './encryption';
import { StoreHealth } from './health';
import { ioredisClient, type IoredisClientOptions } from './ioredis-client';
import { Notifier } from './notifier';
import { COMPARE_AND_DELETE } from './scripts';
import type { RedisTokenStoreClient, RedisTokenStoreEvents, RedisTokenStoreOptions } from './types';
import { waitForNewToken, type WaitCheck } from './wait-for-token';

const DEFAULT_PREFIX = 'adumo-oauth:';
const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
const DEFAULT_POLL_INTERVAL_MS = 500;

/** Options of the {@link RedisTokenStore} constructor: the client adapter plus the store options. */
export interface RedisTokenStoreInit extends RedisTokenStoreOptions {
  /** The Redis commands to use, e.g. `ioredisClient(redis)`. */
  readonly client: RedisTokenStoreClient;
}

/**
 * A {@link TokenStore} on Redis: one token shared by every instance of a fleet and one refresh per
 * fleet (a `SET NX PX` lock owned by a random token, released by compare-and-delete; the others
 * wait for the new token by pub/sub with a polling fallback). Every Redis failure rejects quickly
 * with a {@link RedisTokenStoreError}, which the core treats as a miss; it never emits `'error'`.
 */
export class RedisTokenStore extends EventEmitter<RedisTokenStoreEvents> implements TokenStore {
  /** Key prefix in use (also the start of the notification channel). */
  readonly prefix: string;
  readonly #client: RedisTokenStoreClient;
  readonly #cipher: ValueCipher | undefined;
  readonly #runner: CommandRunner;
  readonly #health: StoreHealth;
  readonly #notifier: Notifier;
  readonly #now: () => number;
  readonly #pollIntervalMs: number;
  readonly #commandTimeoutMs: number;

  constructor(init: RedisTokenStoreInit) {
    super();
    this.prefix = init.prefix ?? DEFAULT_PREFIX;
    this.#client = init.client;
    this.#commandTimeoutMs = positive(
      'commandTimeoutMs',
      init.commandTimeoutMs,
      DEFAULT_COMMAND_TIMEOUT_MS,
    );
    this.#pollIntervalMs = positive(
      'pollIntervalMs',
      init.pollIntervalMs,
      DEFAULT_POLL_INTERVAL_MS,
    );
    const keys = init.encryptionKey;
    this.#cipher =
      keys === undefined ? undefined : new ValueCipher(Array.isArray(keys) ? keys : [keys]);
    this.#now = init.now ?? Date.now;
    this.#health = new StoreHealth(this, init.logger);
    this.#runner = new CommandRunner(this.#commandTimeoutMs, this.#health);
    this.#notifier = new Notifier(this.#client, `${this.prefix}__notify`);
  }

  /**
   * A store on an ioredis client you already have (e.g. the one your NestJS app injects). It stays
   * yours: `close()` only closes the store's own pub/sub connection unless `owned: true`. For
   * fail-fast behaviour during outages, create it with {@link IOREDIS_STORE_OPTIONS}.
   */
  static fromIoredis(
    redis: Redis,
    options: RedisTokenStoreOptions & IoredisClientOptions = {},
  ): RedisTokenStore {
    return new RedisTokenStore({ ...options, client: ioredisClient(redis, options) });
  }

  /**
   * A store on a new ioredis connection to `url` (`redis://[:password@]host:port/db`, `rediss://`
   * for TLS) with {@link IOREDIS_STORE_OPTIONS} (plus `redisOptions`). `close()` closes it.
   * Resolves without waiting for Redis: the first calls wait up to `connectWaitMs` for it.
   */
  static async fromUrl(
    url: string,
    options: RedisTokenStoreOptions & {
      readonly redisOptions?: RedisOptions | undefined;
      readonly connectWaitMs?: number | undefined;
    } = {},
  ): Promise<RedisTokenStore> {
    const redis = await connectIoredis(url, options.commandTimeoutMs, options.redisOptions);
    return RedisTokenStore.fromIoredis(redis, { ...options, owned: true });
  }

  /** Whether values are encrypted at rest. */
  get encrypted(): boolean {
    return this.#cipher !== undefined;
  }

  /** Whether the last Redis call failed (the store is in an outage). */
  get unavailable(): boolean {
    return this.#health.down;
  }

  /** The Redis key of a cache key: `prefix + cacheKey`. */
  keyOf(cacheKey: string): string {
    return this.prefix + cacheKey;
  }

  /** The stored token, or `undefined` when absent or unreadable (tampered, wrong key, garbage). */
  async get(cacheKey: string): Promise<StoredToken | undefined> {
    return (await this.#read('get', this.keyOf(cacheKey)))?.token;
  }

  /** Store `token` until its `expiresAt` and wake the instances waiting for it. */
  async set(cacheKey: string, token: StoredToken): Promise<void> {
    const key = this.keyOf(cacheKey);
    const ttlMs = Math.ceil(token.expiresAt - this.#now());
    if (!(ttlMs > 0)) return;
    const raw = encodeToken(token, key, this.#cipher);
    await this.#runner.run('set', () => this.#client.set(key, raw, { ttlMs, nx: false }));
    await this.#announce(key);
  }

  /** Delete the entry; with `ifValue`, only while the stored token is still that value. */
  async delete(cacheKey: string, ifValue?: string): Promise<void> {
    const key = this.keyOf(cacheKey);
    if (ifValue === undefined) {
      await this.#runner.run('delete', () => this.#client.del(key));
      return;
    }
    const current = await this.#read('delete', key);
    if (current?.token.value !== ifValue) return;
    await this.#runner.run('delete', () =>
      this.#client.evalScript(COMPARE_AND_DELETE, [key], [current.raw]),
    );
  }

  /**
   * Take the fleet lock for `cacheKey` for at most `ttlMs`; `undefined` when another instance holds
   * it. `release()` deletes it only while this owner still holds it, never throws, and is idempotent.
   */
  async lock(cacheKey: string, ttlMs: number): Promise<TokenStoreLock | undefined> {
    const key = this.keyOf(cacheKey);
    const lockKey = this.#lockKeyOf(key);
    const owner = randomBytes(16).toString('hex');
    const ms = Math.max(1, Math.ceil(ttlMs));
    const acquired = await this.#runner.run('lock', () =>
      this.#client.set(lockKey, owner, { ttlMs: ms, nx: true }),
    );
    if (!acquired) return undefined;
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        try {
          await this.#runner.run('release', () =>
            this.#client.evalScript(COMPARE_AND_DELETE, [lockKey], [owner]),
          );
          await this.#announce(key);
        } catch {
          // Reported by the runner; the lock expires on its own after its TTL.
        }
      },
    };
  }

  /**
   * Resolve a token whose `issuedAt` is after `after` once another instance stores it; `undefined`
   * after `timeoutMs`, on abort, or as soon as no instance holds the lock (its refresh failed or it
   * died and the lock expired), so the caller can refresh itself. Rejects when Redis fails.
   */
  waitForToken(
    cacheKey: string,
    options: { after: number; timeoutMs: number; signal?: AbortSignal | undefined },
  ): Promise<StoredToken | undefined> {
    const key = this.keyOf(cacheKey);
    const check = async (): Promise<WaitCheck> => {
      // The lock first: a holder stores its token before releasing, so when the lock is seen
      // free, a token read afterwards includes whatever that holder stored.
      const holder = await this.#runner.run('waitForToken', () =>
        this.#client.get(this.#lockKeyOf(key)),
      );
      const found = (await this.#read('waitForToken', key))?.token;
      if (found && found.issuedAt > options.after && found.expiresAt > this.#now()) return found;
      return holder === null ? 'no-holder' : 'waiting';
    };
    return waitForNewToken(
      {
        check,
        listen: (wake) => this.#notifier.listen(key, wake),
        subscribed: () => this.#notifier.subscribed(this.#commandTimeoutMs),
        pollIntervalMs: this.#pollIntervalMs,
      },
      options,
    );
  }

  /** Stop using Redis: later calls reject with reason `closed`; closes what the client adapter owns. */
  async close(): Promise<void> {
    if (this.#runner.closed) return;
    this.#runner.close();
    await this.#client.close();
  }

  #lockKeyOf(key: string): string {
    return `${key}:lock`;
  }

  async #read(
    operation: string,
    key: string,
  ): Promise<{ readonly token: StoredToken; readonly raw: string } | undefined> {
    const raw = await this.#runner.run(operation, () => this.#client.get(key));
    if (raw === null) return undefined;
    const decoded = decodeToken(raw, key, this.#cipher);
    if (!decoded.ok) {
      this.#health.invalidValue(key, decoded.reason);
      return undefined;
    }
    this.#health.validValue();
    return { token: decoded.token, raw };
  }

  async #announce(key: string): Promise<void> {
    try {
      await this.#runner.run('publish', () => this.#notifier.announce(key));
    } catch {
      // Waiters poll as well; a lost notification only delays them.
    }
  }
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new AdumoOAuthError(
      'config',
      `RedisTokenStore: ${name} must be a positive number of milliseconds`,
    );
  }
  return value;
}
