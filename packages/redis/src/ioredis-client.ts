import { backoff } from '@adumo-oauth/core/adapter';
import type { Redis, RedisOptions } from 'ioredis';
import type { RedisScript, RedisTokenStoreClient } from './types';

/**
 * ioredis options for a connection used by the token store. Commands fail at once instead of
 * queueing while Redis is unreachable (`enableOfflineQueue: false`), are never retried or replayed
 * after a reconnect (a stale `SET` could overwrite a newer token), and time out after
 * `commandTimeout`; the client keeps reconnecting in the background with a capped backoff.
 */
export const IOREDIS_STORE_OPTIONS = {
  /** Fail a command at once while disconnected instead of queueing it until Redis is back. */
  enableOfflineQueue: false,
  /** Never retry a failed command (the manager falls back to the token endpoint instead). */
  maxRetriesPerRequest: 0,
  /** Never replay commands after a reconnect: a stale `SET` could overwrite a newer token. */
  autoResendUnfulfilledCommands: false,
  /** Give up on a connection attempt after 2 s. */
  connectTimeout: 2000,
  /** Fail a command that has no answer after 1 s. */
  commandTimeout: 1000,
  /** Reconnect in the background: 100 ms, 200 ms, … doubling up to 2 s between attempts (the core's backoff). */
  retryStrategy: (attempt: number): number =>
    backoff(attempt, { baseMs: 100, maxMs: 2000, jitter: 0 }),
} satisfies RedisOptions;

/** Options of {@link ioredisClient}. */
export interface IoredisClientOptions {
  /** Also close `redis` on `store.close()` (default `false`: it belongs to the caller). */
  readonly owned?: boolean | undefined;
  /** How long the first commands wait for the initial connection before failing fast, ms. Default 2000. */
  readonly connectWaitMs?: number | undefined;
}

const noop = (): void => undefined;

/**
 * Adapt an ioredis client to the store's narrow {@link RedisTokenStoreClient}. Pub/sub runs on a
 * `redis.duplicate()` connection made on first use and closed by `close()`. Until the client has
 * first connected, commands wait for it (at most `connectWaitMs`); afterwards they never wait.
 */
export function ioredisClient(
  redis: Redis,
  options: IoredisClientOptions = {},
): RedisTokenStoreClient {
  const connectWaitMs = options.connectWaitMs ?? 2000;
  let initial: Promise<void> | undefined;
  let subscriber: Redis | undefined;
  const channels = new Map<string, (message: string) => void>();

  const ready = (): Promise<void> => {
    if (redis.status === 'ready') initial ??= Promise.resolve();
    else initial ??= firstConnection(redis, connectWaitMs);
    return initial;
  };

  const subscriberConnection = (): Redis => {
    if (subscriber) return subscriber;
    const sub = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    sub.on('error', noop);
    sub.on('message', (channel: string, message: string) => channels.get(channel)?.(message));
    subscriber = sub;
    return sub;
  };

  return {
    get: async (key) => {
      await ready();
      return redis.get(key);
    },
    set: async (key, value, { ttlMs, nx }) => {
      await ready();
      const reply = nx
        ? await redis.set(key, value, 'PX', ttlMs, 'NX')
        : await redis.set(key, value, 'PX', ttlMs);
      return reply === 'OK';
    },
    del: async (key) => {
      await ready();
      await redis.del(key);
    },
    evalScript: async (script: RedisScript, keys, args) => {
      await ready();
      try {
        return await redis.evalsha(script.sha1, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return redis.eval(script.source, keys.length, ...keys, ...args);
      }
    },
    publish: async (channel, message) => {
      await ready();
      await redis.publish(channel, message);
    },
    subscribe: async (channel, listener) => {
      channels.set(channel, listener);
      await subscriberConnection().subscribe(channel);
    },
    close: async () => {
      channels.clear();
      const closing: Promise<void>[] = [];
      if (subscriber) closing.push(shutdown(subscriber));
      if (options.owned) closing.push(shutdown(redis));
      await Promise.all(closing);
    },
  };
}

/** Resolve when `redis` first becomes ready, its first attempt fails, or `waitMs` passes. */
function firstConnection(redis: Redis, waitMs: number): Promise<void> {
  if (redis.status === 'wait') redis.connect().catch(noop);
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('close', done);
      redis.off('end', done);
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    redis.once('ready', done);
    redis.once('close', done);
    redis.once('end', done);
  });
}

/** QUIT politely when connected (bounded), else drop the connection. */
async function shutdown(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
    try {
      await Promise.race([redis.quit().then(noop), late]);
    } catch {
      // Fall through to disconnect.
    } finally {
      clearTimeout(timer);
    }
  }
  redis.disconnect();
}
