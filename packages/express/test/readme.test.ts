import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo } from '@adumo-oauth/mock-server';
import { runReadmeExample } from './readme-example';

describe('README example', () => {
  it('runs verbatim against the mock server and pays through req.adumo.fetch', async () => {
    const mock = await startMockAdumo();
    const example = runReadmeExample({
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      PORT: '0',
    });
    try {
      await expect
        .poll(() => example.output().stdout, { timeout: 20_000, interval: 50 })
        .toMatch(/listening on port \d+/);
      const port = /listening on port (\d+)/.exec(example.output().stdout)?.[1];
      const res = await fetch(`http://127.0.0.1:${port}/payments/initiate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1500, merchantReference: 'order-1' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toBeTypeOf('object');
      expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 1 });
      expect(example.output().stderr).toBe('');
    } finally {
      await example.stop();
      await mock.close();
    }
  }, 30_000);
});
