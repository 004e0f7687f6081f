import { randomBytes } from 'node:crypto';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';
import { runReadmeExample } from './helpers/readme-example';

await describeWithRedis(
  'README example',
  (redis: TestRedis) => {
    let mock: MockAdumo;
    beforeAll(async () => {
      mock = await startMockAdumo();
    });
    afterAll(async () => {
      await mock?.close();
      await redis.close();
    });

    it('runs verbatim twice against the mock: one token request, an encrypted value in Redis', async () => {
      const env = {
        REDIS_URL: redis.url,
        TOKEN_CACHE_KEY: randomBytes(32).toString('base64'),
        ADUMO_BASE_URL: mock.baseUrl,
        ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
        ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      };
      for (let run = 0; run < 2; run++) {
        const { code, stdout, stderr } = await runReadmeExample(env);
        expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
        expect(stdout).toMatch(/^token valid until \d{4}-\d\d-\d\dT/);
      }
      expect(mock.stats.snapshot().tokenRequestsByClient[DEFAULT_CLIENT.clientId]).toEqual({
        issued: 1,
      });
      const raw = new Redis(redis.url);
      try {
        const keys = await raw.keys('adumo-oauth:*');
        expect(keys).toHaveLength(1);
        expect(keys[0]).not.toContain(DEFAULT_CLIENT.clientSecret);
        expect(await raw.get(keys[0]!)).toMatch(/^enc1:/);
      } finally {
        raw.disconnect();
      }
    }, 40_000);
  },
  { ownServer: true },
);
