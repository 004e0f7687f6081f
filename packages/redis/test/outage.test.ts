import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RedisTokenStore } from '../src/index';
import { Clients } from './helpers/clients';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';
import { makeToken, uniqueKey } from './helpers/tokens';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await describeWithRedis(
  'RedisTokenStore when Redis is down, slow or back',
  (redis: TestRedis) => {
    const clients = new Clients(() => redis);
    const events: string[] = [];
    const logs: string[] = [];
    let store: RedisTokenStore;
    let other: RedisTokenStore;

    /** Retry `get` until it works again (bounded: 100 × 50 ms). */
    async function untilRecovered(s: RedisTokenStore): Promise<boolean> {
      for (let i = 0; i < 100; i++) {
        if (
          await s.get(uniqueKey()).then(
            () => true,
            () => false,
          )
        )
          return true;
        await sleep(50);
      }
      return false;
    }

    beforeAll(async () => {
      const logger = {
        warn: (m: string) => logs.push(`warn ${m}`),
        info: (m: string) => logs.push(`info ${m}`),
      };
      store = await clients.store({ logger, prefix: 'outage:' });
      other = await clients.store({ prefix: 'outage:' });
      store.on('unavailable', (e) => events.push(`unavailable:${e.reason}`));
      store.on('recovered', () => events.push('recovered'));
      await store.get(uniqueKey());
      await other.get(uniqueKey());
    });
    afterAll(async () => {
      await clients.closeAll();
      await redis.close();
    });

    it('rejects every call at once with a typed error while Redis is stopped, reporting once', async () => {
      await redis.stop();
      const key = uniqueKey();
      const failures = await Promise.all([
        store.get(key).catch((e: unknown) => e),
        store.set(key, makeToken()).catch((e: unknown) => e),
        store.lock(key, 5_000).catch((e: unknown) => e),
        store.delete(key, 'x').catch((e: unknown) => e),
        store.waitForToken(key, { after: 0, timeoutMs: 30_000 }).catch((e: unknown) => e),
        store.get(key).catch((e: unknown) => e),
      ]);
      for (const failure of failures) {
        expect(failure).toMatchObject({
          name: 'RedisTokenStoreError',
          code: 'store',
          reason: 'unavailable',
        });
      }
      expect(store.unavailable).toBe(true);
      expect(events).toEqual(['unavailable:unavailable']);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatch(/^warn .*unavailable/);
    }, 5_000);

    it('recovers when Redis is back, without replaying calls made during the outage', async () => {
      const key = uniqueKey();
      await expect(store.set(key, makeToken())).rejects.toMatchObject({ reason: 'unavailable' });
      await expect(store.lock(key, 60_000)).rejects.toMatchObject({ reason: 'unavailable' });
      await redis.start();
      expect(await untilRecovered(store)).toBe(true);
      expect(await untilRecovered(other)).toBe(true);
      expect(store.unavailable).toBe(false);
      expect(events).toEqual(['unavailable:unavailable', 'recovered']);
      expect(logs.filter((l) => l.startsWith('info'))).toHaveLength(1);
      expect(await store.get(key)).toBeUndefined();
      const lock = await other.lock(key, 5_000);
      expect(lock).toBeDefined();
      await lock!.release();
    }, 15_000);

    it('pub/sub works again after the restart', async () => {
      const key = uniqueKey();
      const lock = await other.lock(key, 10_000);
      const waiting = store.waitForToken(key, { after: 0, timeoutMs: 10_000 });
      const token = makeToken();
      await other.set(key, token);
      expect(await waiting).toEqual(token);
      await lock!.release();
    }, 15_000);

    it('a slow Redis makes calls reject with a timeout instead of hanging', async () => {
      const slow = await clients.store({ commandTimeoutMs: 150, prefix: 'outage:' });
      await slow.get(uniqueKey());
      const reasons: string[] = [];
      slow.on('unavailable', (e) => reasons.push(e.reason));
      await clients.raw().call('CLIENT', 'PAUSE', '1500', 'ALL');
      await expect(slow.get(uniqueKey())).rejects.toMatchObject({
        reason: 'timeout',
        operation: 'get',
      });
      await expect(slow.lock(uniqueKey(), 1_000)).rejects.toMatchObject({ reason: 'timeout' });
      expect(reasons).toEqual(['timeout']);
      expect(await untilRecovered(slow)).toBe(true);
    }, 15_000);

    it('a store created while Redis is down fails fast, then works once Redis starts', async () => {
      await redis.stop();
      const late = await clients.store({ prefix: 'outage:', connectWaitMs: 500 });
      await expect(late.get(uniqueKey())).rejects.toMatchObject({ reason: 'unavailable' });
      await expect(late.get(uniqueKey())).rejects.toMatchObject({ reason: 'unavailable' });
      await redis.start();
      expect(await untilRecovered(late)).toBe(true);
      const key = uniqueKey();
      await late.set(key, makeToken());
      expect(await store.get(key)).toBeDefined();
    }, 15_000);

    it('close() ends its connections; later calls reject with reason closed', async () => {
      const raw = clients.raw();
      const numsub = async (): Promise<number> =>
        Number(((await raw.pubsub('NUMSUB', 'outage:__notify')) as [string, number])[1]);
      const until = async (want: number): Promise<number> => {
        let n = await numsub();
        for (let i = 0; i < 100 && n !== want; i++) n = (await sleep(20), await numsub());
        return n;
      };
      const before = await numsub();
      const closing = await clients.store({ prefix: 'outage:' });
      await closing.waitForToken(uniqueKey(), { after: 0, timeoutMs: 50 });
      expect(await until(before + 1)).toBe(before + 1);
      await closing.close();
      await closing.close();
      await expect(closing.get(uniqueKey())).rejects.toMatchObject({ reason: 'closed' });
      expect(await until(before)).toBe(before);
    });
  },
  { ownServer: true },
);
