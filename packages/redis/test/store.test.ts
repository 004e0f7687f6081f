import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { isAdumoOAuthError } from '@adumo-oauth/core';
import { RedisTokenStore } from '../src/index';
import { Clients } from './helpers/clients';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';
import { makeToken, uniqueKey } from './helpers/tokens';

await describeWithRedis('RedisTokenStore get/set/delete', (redis: TestRedis) => {
  const clients = new Clients(() => redis);
  let store: RedisTokenStore;
  beforeAll(async () => {
    store = await clients.store();
  });
  afterEach(() => {
    store.removeAllListeners();
  });
  afterAll(async () => {
    await clients.closeAll();
    await redis.close();
  });

  it('misses an absent key and round-trips a record', async () => {
    const key = uniqueKey();
    expect(await store.get(key)).toBeUndefined();
    const token = makeToken();
    await store.set(key, token);
    expect(await store.get(key)).toEqual(token);
  });

  it('stores under prefix + cacheKey with a TTL ending at expiresAt', async () => {
    const key = uniqueKey();
    const now = Date.now();
    await store.set(key, makeToken({ expiresAt: now + 30_000 }, now));
    const ttl = await clients.raw().pttl(`${store.prefix}${key}`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('uses the injected clock for the TTL and skips tokens that already expired', async () => {
    const fixed = 1_000_000;
    const clocked = await clients.store({ now: () => fixed });
    const key = uniqueKey();
    await clocked.set(key, makeToken({ issuedAt: fixed - 10, expiresAt: fixed + 5_000 }));
    const ttl = await clients.raw().pttl(clocked.keyOf(key));
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);

    const expiredKey = uniqueKey();
    await clocked.set(expiredKey, makeToken({ issuedAt: fixed - 10, expiresAt: fixed }));
    expect(await clients.raw().exists(clocked.keyOf(expiredKey))).toBe(0);
  });

  it('lets Redis drop the value at expiry', async () => {
    const key = uniqueKey();
    await store.set(key, makeToken({ expiresAt: Date.now() + 150 }));
    expect(await store.get(key)).toBeDefined();
    const raw = clients.raw();
    for (let i = 0; i < 40 && (await raw.exists(store.keyOf(key))) === 1; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await store.get(key)).toBeUndefined();
  });

  it('a later set replaces the record', async () => {
    const key = uniqueKey();
    const first = makeToken();
    const second = makeToken({ issuedAt: first.issuedAt + 1 });
    await store.set(key, first);
    await store.set(key, second);
    expect((await store.get(key))?.value).toBe(second.value);
  });

  it('delete(key) removes whatever is stored', async () => {
    const key = uniqueKey();
    await store.set(key, makeToken());
    await store.delete(key);
    expect(await store.get(key)).toBeUndefined();
  });

  it('delete(key, value) only removes the token if it is still that value', async () => {
    const key = uniqueKey();
    const old = makeToken();
    const current = makeToken();
    await store.set(key, current);
    await store.delete(key, old.value);
    expect((await store.get(key))?.value).toBe(current.value);
    await store.delete(key, current.value);
    expect(await store.get(key)).toBeUndefined();
    await expect(store.delete(key, current.value)).resolves.toBeUndefined();
  });

  it('keeps stores with different prefixes apart', async () => {
    const key = uniqueKey();
    const other = await clients.store();
    await store.set(key, makeToken());
    expect(await other.get(key)).toBeUndefined();
  });

  it('treats unparseable or ill-typed values as a miss and reports each one', async () => {
    const raw = clients.raw();
    const reasons: string[] = [];
    store.on('invalidValue', ({ reason }) => reasons.push(reason));
    const garbage = [
      'not json',
      '{"v":1}',
      JSON.stringify({ v: 2, value: 'x', expiresAt: 1, issuedAt: 1, scope: [] }),
      JSON.stringify({ v: 1, value: '', expiresAt: 1, issuedAt: 1, scope: [] }),
      JSON.stringify({ v: 1, value: 'x', expiresAt: 'soon', issuedAt: 1, scope: [] }),
      JSON.stringify({ v: 1, value: 'x', expiresAt: 1, issuedAt: 1, scope: 'read' }),
      JSON.stringify({ v: 1, value: 'x', expiresAt: 1, issuedAt: 1, scope: [1] }),
      'null',
      '[]',
      'enc1:AAAA',
    ];
    for (const value of garbage) {
      const key = uniqueKey();
      await raw.set(store.keyOf(key), value);
      expect(await store.get(key)).toBeUndefined();
    }
    expect(reasons).toEqual([...Array(9).fill('malformed'), 'encrypted']);
  });

  it('a key holding another Redis type rejects with a typed store error (a miss for the core)', async () => {
    const key = uniqueKey();
    await clients.raw().lpush(store.keyOf(key), 'x');
    const error = await store.get(key).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'RedisTokenStoreError',
      code: 'store',
      reason: 'command',
      operation: 'get',
    });
  });

  it('validates its options with the core’s ConfigError', () => {
    const client = {} as never;
    const cases: [object, RegExp][] = [
      [{ commandTimeoutMs: 0 }, /commandTimeoutMs/],
      [{ pollIntervalMs: -1 }, /pollIntervalMs/],
      [{ encryptionKey: 'short' }, /32 bytes/],
      [{ encryptionKey: [] }, /empty/],
    ];
    for (const [options, message] of cases) {
      let thrown: unknown;
      try {
        new RedisTokenStore({ client, ...options });
      } catch (error) {
        thrown = error;
      }
      expect(isAdumoOAuthError(thrown)).toBe(true);
      expect(thrown).toMatchObject({ code: 'config', message: expect.stringMatching(message) });
    }
  });
});
