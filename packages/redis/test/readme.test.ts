import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_CLIENT,
  mockMerchants,
  startMockAdumo,
  type MockAdumo,
} from '@adumo-oauth/mock-server';
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
      mock = await startMockAdumo({ merchants: { count: 3, prefix: 'readme-merchant-' } });
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
        const keys = await raw.keys('adumo-oauth:token:adumo-test-client:*');
        expect(keys).toHaveLength(1);
        expect(keys[0]).not.toContain(DEFAULT_CLIENT.clientSecret);
        expect(await raw.get(keys[0]!)).toMatch(/^enc1:/);
      } finally {
        raw.disconnect();
      }
    }, 40_000);

    it('"Many merchants" runs verbatim twice: one token request per merchant, sealed values in Redis', async () => {
      const merchants = mockMerchants(3, 'readme-merchant-');
      const dir = mkdtempSync(join(tmpdir(), 'adumo-readme-'));
      const file = join(dir, 'merchants.json');
      writeFileSync(
        file,
        JSON.stringify(
          Object.fromEntries(
            merchants.map((m) => [
              m.merchantId,
              { clientId: m.clientId, clientSecret: m.clientSecret },
            ]),
          ),
        ),
      );
      const env = { REDIS_URL: redis.url, ADUMO_BASE_URL: mock.baseUrl, MERCHANTS_FILE: file };
      try {
        for (let run = 0; run < 2; run++) {
          const { code, stdout, stderr } = await runReadmeExample(
            env,
            15_000,
            'Many merchants: one store for a TokenPool',
          );
          expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
          const lines = stdout.trim().split('\n');
          expect(lines.map((l) => l.split(' ')[0])).toEqual(merchants.map((m) => m.merchantId));
          for (const line of lines) expect(line).toMatch(/ token valid until \d{4}-\d\d-\d\dT/);
          for (const m of merchants) expect(stdout).not.toContain(m.clientSecret);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const byClient = mock.stats.snapshot().tokenRequestsByClient;
      for (const m of merchants) expect(byClient[m.clientId], m.clientId).toEqual({ issued: 1 });
      const raw = new Redis(redis.url);
      try {
        const keys = (await raw.keys('adumo-oauth:token:readme-merchant-*')).sort();
        expect(keys.map((k) => k.split(':')[2])).toEqual(merchants.map((m) => m.clientId));
        for (const key of keys) {
          const value = (await raw.get(key))!;
          expect((JSON.parse(value) as { value: string }).value).toMatch(/^sealed1\./);
        }
      } finally {
        raw.disconnect();
      }
    }, 40_000);
  },
  { ownServer: true },
);
