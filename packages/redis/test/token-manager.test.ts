import { TokenManager, type TokenManagerEvents } from '@adumo-oauth/core';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RedisTokenStore } from '../src/index';
import { Clients } from './helpers/clients';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';

await describeWithRedis(
  'RedisTokenStore behind the real TokenManager (one process)',
  (redis: TestRedis) => {
    const clients = new Clients(() => redis);
    let mock: MockAdumo;
    let clientNo = 0;

    beforeAll(async () => {
      mock = await startMockAdumo();
    });
    afterAll(async () => {
      await clients.closeAll();
      await mock?.close();
      await redis.close();
    });

    /** Two managers on two connections, like two instances, for a fresh client of the mock. */
    async function twoInstances(): Promise<{
      a: TokenManager;
      b: TokenManager;
      stores: RedisTokenStore[];
      requests: () => number;
    }> {
      const clientId = `tm-${clientNo++}`;
      mock.clients.add({ ...DEFAULT_CLIENT, clientId });
      const prefix = `tm${Math.random().toString(36).slice(2, 8)}:`;
      const stores = [await clients.store({ prefix }), await clients.store({ prefix })];
      const make = (store: RedisTokenStore): TokenManager =>
        new TokenManager({
          baseUrl: mock.baseUrl,
          clientId,
          clientSecret: DEFAULT_CLIENT.clientSecret,
          store,
        });
      const requests = (): number =>
        Object.values(mock.stats.snapshot().tokenRequestsByClient[clientId] ?? {}).reduce(
          (x, y) => x + y,
          0,
        );
      return { a: make(stores[0]!), b: make(stores[1]!), stores, requests };
    }

    it('the second instance adopts the first one’s token from Redis', async () => {
      const { a, b, stores, requests } = await twoInstances();
      const first = await a.getToken();
      const second = await b.getToken();
      expect(second.value).toBe(first.value);
      expect(requests()).toBe(1);
      expect(b.stats().storeHits).toBe(1);
      // Sealed by the core by default: Redis holds no usable token.
      const raw = (await stores[1]!.get(await a.cacheKey()))?.value;
      expect(raw).toMatch(/^sealed1\./);
      expect(raw).not.toContain(first.value.slice(0, 40));
    });

    it('invalidate(token) deletes the shared entry only while it is still that token', async () => {
      const { a, b, stores, requests } = await twoInstances();
      const old = await a.getToken();
      await b.getToken();
      await a.invalidate(old);
      expect(await stores[0]!.get(await a.cacheKey())).toBeUndefined();
      const fresh = await a.getToken();
      expect(fresh.value).not.toBe(old.value);
      expect(requests()).toBe(2);
      const shared = await stores[1]!.get(await b.cacheKey());
      await b.invalidate(old.value); // B still had the old one: the newer shared token survives
      expect(await stores[1]!.get(await b.cacheKey())).toEqual(shared);
      expect((await b.getToken()).value).toBe(fresh.value);
      expect(requests()).toBe(2);
    });

    it('forceRefresh on one instance is shared with the other on its next refresh', async () => {
      const { a, b, stores, requests } = await twoInstances();
      const first = await a.getToken();
      const forced = await a.getToken({ forceRefresh: true });
      expect(forced.value).not.toBe(first.value);
      expect((await stores[0]!.get(await a.cacheKey()))?.value).toMatch(/^sealed1\./);
      expect((await b.getToken()).value).toBe(forced.value);
      expect(requests()).toBe(2);
    });

    it('with Redis stopped the manager gets its token from the network and reports storeError', async () => {
      const { a, requests } = await twoInstances();
      const events: TokenManagerEvents['storeError'][] = [];
      a.on('storeError', (e) => events.push(e));
      await redis.stop();
      try {
        const token = await a.getToken();
        expect(token.value).toMatch(/^ey/);
        expect(requests()).toBe(1);
        expect(events.map((e) => e.operation)).toContain('get');
        expect(events.every((e) => e.error.code === 'store')).toBe(true);
      } finally {
        await redis.start();
      }
    }, 15_000);
  },
  { ownServer: true },
);
