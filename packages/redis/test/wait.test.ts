import { Redis } from 'ioredis';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { ioredisClient, IOREDIS_STORE_OPTIONS, RedisTokenStore } from '../src/index';
import { Clients } from './helpers/clients';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';
import { spyClient } from './helpers/spy-client';
import { makeToken, uniqueKey } from './helpers/tokens';

const NEVER_POLL = 60_000;

await describeWithRedis('RedisTokenStore waitForToken', (redis: TestRedis) => {
  const clients = new Clients(() => redis);
  const opened: RedisTokenStore[] = [];
  let prefix: string;
  let holder: RedisTokenStore;

  /** A store on its own ioredis connection, its client wrapped to count commands. */
  function spiedStore(
    options: { pollIntervalMs?: number; overrides?: Parameters<typeof spyClient>[1] } = {},
  ): { store: RedisTokenStore; calls: Record<string, number> } {
    const connection = new Redis(redis.url, IOREDIS_STORE_OPTIONS);
    connection.on('error', () => undefined);
    const spied = spyClient(ioredisClient(connection, { owned: true }), options.overrides);
    const store = new RedisTokenStore({
      client: spied.client,
      prefix,
      pollIntervalMs: options.pollIntervalMs ?? NEVER_POLL,
    });
    opened.push(store);
    return { store, calls: spied.calls };
  }

  /** Resolve once `n` connections listen on the store's notification channel (bounded). */
  async function subscribers(n: number): Promise<number> {
    const raw = clients.raw();
    let count = 0;
    for (let i = 0; i < 200; i++) {
      const reply = (await raw.pubsub('NUMSUB', `${prefix}__notify`)) as [string, number];
      count = Number(reply[1]);
      if (count >= n) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    return count;
  }

  beforeEach(async () => {
    prefix = `wait${Math.random().toString(36).slice(2, 10)}:`;
    holder = await clients.store({ prefix });
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await clients.closeAll();
    await redis.close();
  });

  it('wakes on the pub/sub notice when another instance stores the token', async () => {
    const key = uniqueKey();
    const lock = await holder.lock(key, 10_000);
    const { store: waiter } = spiedStore();
    const waiting = waiter.waitForToken(key, { after: 0, timeoutMs: 20_000 });
    expect(await subscribers(1)).toBe(1);
    const token = makeToken();
    await holder.set(key, token);
    expect(await waiting).toEqual(token);
    await lock!.release();
  });

  it('resolves at once with a stored token newer than `after`', async () => {
    const key = uniqueKey();
    const token = makeToken({ issuedAt: 500 });
    await holder.set(key, token);
    const { store } = spiedStore();
    expect(await store.waitForToken(key, { after: 499, timeoutMs: 20_000 })).toEqual(token);
  });

  it('ignores a token that is not newer than `after` and keeps waiting', async () => {
    const key = uniqueKey();
    const lock = await holder.lock(key, 10_000);
    const { store: waiter, calls } = spiedStore();
    let settled = false;
    const waiting = waiter
      .waitForToken(key, { after: 1_000, timeoutMs: 20_000 })
      .finally(() => (settled = true));
    expect(await subscribers(1)).toBe(1);
    const before = calls.get ?? 0;
    await holder.set(key, makeToken({ issuedAt: 1_000 }));
    for (let i = 0; i < 200 && (calls.get ?? 0) < before + 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(calls.get).toBeGreaterThanOrEqual(before + 2); // looked at the token and at the lock
    expect(settled).toBe(false);
    const newer = makeToken({ issuedAt: 1_001 });
    await holder.set(key, newer);
    expect(await waiting).toEqual(newer);
    await lock!.release();
  });

  it('resolves undefined as soon as the holder releases without storing a token', async () => {
    const key = uniqueKey();
    const lock = await holder.lock(key, 10_000);
    const { store: waiter } = spiedStore();
    const waiting = waiter.waitForToken(key, { after: 0, timeoutMs: 20_000 });
    expect(await subscribers(1)).toBe(1);
    await lock!.release();
    expect(await waiting).toBeUndefined();
  }, 10_000);

  it('resolves undefined once a crashed holder’s lock expires, well before its own timeout', async () => {
    const key = uniqueKey();
    expect(await holder.lock(key, 300)).toBeDefined();
    const { store: waiter } = spiedStore({ pollIntervalMs: 50 });
    expect(await waiter.waitForToken(key, { after: 0, timeoutMs: 60_000 })).toBeUndefined();
    expect(await clients.raw().exists(`${holder.keyOf(key)}:lock`)).toBe(0);
  }, 10_000);

  it('resolves undefined after timeoutMs and on abort while the holder keeps the lock', async () => {
    const key = uniqueKey();
    const lock = await holder.lock(key, 10_000);
    const { store: waiter } = spiedStore();
    expect(await waiter.waitForToken(key, { after: 0, timeoutMs: 100 })).toBeUndefined();
    const controller = new AbortController();
    const waiting = waiter.waitForToken(key, {
      after: 0,
      timeoutMs: 20_000,
      signal: controller.signal,
    });
    controller.abort();
    expect(await waiting).toBeUndefined();
    expect(
      await waiter.waitForToken(key, { after: 0, timeoutMs: 20_000, signal: controller.signal }),
    ).toBeUndefined();
    await lock!.release();
  }, 10_000);

  it('falls back to polling when pub/sub never comes up', async () => {
    const key = uniqueKey();
    const lock = await holder.lock(key, 10_000);
    const { store: waiter, calls } = spiedStore({
      pollIntervalMs: 50,
      overrides: { subscribe: () => new Promise(() => undefined) },
    });
    const waiting = waiter.waitForToken(key, { after: 0, timeoutMs: 20_000 });
    const token = makeToken();
    await holder.set(key, token);
    expect(await waiting).toEqual(token);
    expect(calls.subscribe).toBe(1);
    await lock!.release();
  }, 10_000);

  it('rejects with a typed store error when Redis fails during the wait', async () => {
    const key = uniqueKey();
    const lock = await holder.lock(key, 10_000);
    const { store: waiter } = spiedStore({
      overrides: { get: () => Promise.reject(new Error('connection lost')) },
    });
    await expect(waiter.waitForToken(key, { after: 0, timeoutMs: 20_000 })).rejects.toMatchObject({
      name: 'RedisTokenStoreError',
      reason: 'unavailable',
      operation: 'waitForToken',
    });
    await lock!.release();
  });
});
