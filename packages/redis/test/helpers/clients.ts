import { Redis } from 'ioredis';
import { RedisTokenStore, type RedisTokenStoreOptions } from '../../src/index';
import type { TestRedis } from './redis-server';

/** Tracks the stores and raw clients a suite opens so `closeAll()` can release them. */
export class Clients {
  readonly #stores: RedisTokenStore[] = [];
  readonly #raw: Redis[] = [];

  constructor(private readonly redis: () => TestRedis) {}

  /** A store on its own connection (`fromUrl`), with a random prefix unless given. */
  async store(
    options: RedisTokenStoreOptions & { connectWaitMs?: number } = {},
  ): Promise<RedisTokenStore> {
    const store = await RedisTokenStore.fromUrl(this.redis().url, {
      prefix: `t${Math.random().toString(36).slice(2, 10)}:`,
      ...options,
    });
    this.#stores.push(store);
    return store;
  }

  /** A plain ioredis client for looking at or tampering with raw values. */
  raw(): Redis {
    const client = new Redis(this.redis().url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    this.#raw.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.#stores.splice(0).map((s) => s.close()));
    for (const client of this.#raw.splice(0)) client.disconnect();
  }
}
