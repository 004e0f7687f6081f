import { inspect } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { isRedisTokenStoreError } from '../src/index';
import { Clients } from './helpers/clients';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';
import { makeKey, makeToken, uniqueKey } from './helpers/tokens';

await describeWithRedis(
  'RedisTokenStore keeps tokens and keys out of errors and logs',
  (redis: TestRedis) => {
    const clients = new Clients(() => redis);
    afterAll(async () => {
      await clients.raw().config('SET', 'maxmemory', '0');
      await clients.closeAll();
      await redis.close();
    });

    it('an error reply to SET (which ioredis tags with the command args) carries no token', async () => {
      const lines: string[] = [];
      const logger = { warn: (m: string) => lines.push(m), info: (m: string) => lines.push(m) };
      const encryptionKey = makeKey();
      const store = await clients.store({ logger, encryptionKey });
      const plain = await clients.store({ logger });
      const raw = clients.raw();
      await store.get(uniqueKey()); // connected before Redis refuses writes
      await plain.get(uniqueKey());
      await raw.config('SET', 'maxmemory-policy', 'noeviction');
      await raw.config('SET', 'maxmemory', '1');
      const token = makeToken();
      const errors = [
        await store.set(uniqueKey(), token).catch((e: unknown) => e),
        await plain.set(uniqueKey(), token).catch((e: unknown) => e),
      ];
      await raw.config('SET', 'maxmemory', '0');
      for (const error of errors) {
        expect(isRedisTokenStoreError(error)).toBe(true);
        expect(error).toMatchObject({ reason: 'command', operation: 'set' });
        const shown = [
          inspect(error, { depth: 10, showHidden: true }),
          JSON.stringify(error),
          String(error),
        ];
        expect(shown[0]).toContain('OOM');
        expect(shown[2]).toContain('OOM');
        for (const text of shown) {
          expect(text).not.toContain(token.value);
          expect(text).not.toContain(token.value.slice(4, 24));
          expect(text).not.toContain(encryptionKey.toString('hex'));
          expect(text).not.toContain(encryptionKey.toString('base64'));
        }
      }
      expect(lines.join('\n')).not.toContain(token.value.slice(4, 24));
      expect(lines.filter((l) => l.includes('unavailable'))).toHaveLength(2);
    });

    it('inspect() of a store shows no key material', async () => {
      const encryptionKey = makeKey();
      const store = await clients.store({ encryptionKey });
      const shown = inspect(store, { depth: 10, showHidden: true });
      expect(shown).not.toContain(encryptionKey.toString('hex'));
      expect(shown).not.toContain(encryptionKey.toString('base64'));
      expect(JSON.stringify(Object.keys(store))).not.toContain(encryptionKey.toString('hex'));
    });
  },
  { ownServer: true },
);
