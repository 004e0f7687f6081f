import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RedisTokenStore } from '../src/index';
import { Clients } from './helpers/clients';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';
import { uniqueKey } from './helpers/tokens';

await describeWithRedis('RedisTokenStore fleet lock', (redis: TestRedis) => {
  const clients = new Clients(() => redis);
  let stores: RedisTokenStore[];
  beforeAll(async () => {
    const prefix = `lock${Date.now()}:`;
    stores = await Promise.all(Array.from({ length: 4 }, () => clients.store({ prefix })));
  });
  afterAll(async () => {
    await clients.closeAll();
    await redis.close();
  });

  it('grants one lock among many concurrent attempts from several connections', async () => {
    const key = uniqueKey();
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => stores[i % stores.length]!.lock(key, 5_000)),
    );
    const granted = attempts.filter((lock) => lock !== undefined);
    expect(granted).toHaveLength(1);
    await granted[0]!.release();
    expect(await stores[1]!.lock(key, 5_000)).toBeDefined();
  });

  it('keeps the owner token out of the lock key name and sets the TTL', async () => {
    const key = uniqueKey();
    const lock = await stores[0]!.lock(key, 4_000);
    expect(lock).toBeDefined();
    const raw = clients.raw();
    const lockKey = `${stores[0]!.keyOf(key)}:lock`;
    const owner = await raw.get(lockKey);
    expect(owner).toMatch(/^[0-9a-f]{32}$/);
    const ttl = await raw.pttl(lockKey);
    expect(ttl).toBeGreaterThan(3_000);
    expect(ttl).toBeLessThanOrEqual(4_000);
    await lock!.release();
    expect(await raw.exists(lockKey)).toBe(0);
  });

  it('expires on its own after the TTL (a crashed holder costs at most the TTL)', async () => {
    const key = uniqueKey();
    expect(await stores[0]!.lock(key, 150)).toBeDefined();
    expect(await stores[1]!.lock(key, 150)).toBeUndefined();
    let next: Awaited<ReturnType<RedisTokenStore['lock']>>;
    for (let i = 0; i < 40 && !(next = await stores[1]!.lock(key, 5_000)); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(next).toBeDefined();
    await next!.release();
  });

  it('release only deletes the lock its owner still holds, and is idempotent', async () => {
    const key = uniqueKey();
    const first = await stores[0]!.lock(key, 100);
    expect(first).toBeDefined();
    const raw = clients.raw();
    const lockKey = `${stores[0]!.keyOf(key)}:lock`;
    for (let i = 0; i < 40 && (await raw.exists(lockKey)) === 1; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const second = await stores[1]!.lock(key, 5_000);
    expect(second).toBeDefined();
    const secondOwner = await raw.get(lockKey);

    await first!.release();
    expect(await raw.get(lockKey)).toBe(secondOwner);
    expect(await stores[2]!.lock(key, 5_000)).toBeUndefined();

    await second!.release();
    await second!.release();
    expect(await raw.exists(lockKey)).toBe(0);
  });

  it('works after Redis flushed its script cache (EVALSHA falls back to EVAL)', async () => {
    const key = uniqueKey();
    await clients.raw().script('FLUSH');
    const lock = await stores[0]!.lock(key, 5_000);
    await lock!.release();
    expect(await stores[1]!.lock(key, 5_000)).toBeDefined();
  });
});
