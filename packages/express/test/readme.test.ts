import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, mockMerchants, startMockAdumo } from '@adumo-oauth/mock-server';
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

describe('README "Many merchants" example', () => {
  it('runs verbatim: each merchant pays with its own token, unknown merchants get 404', async () => {
    const mock = await startMockAdumo({ merchants: { count: 3 } });
    const merchants = mockMerchants(3);
    const example = runReadmeExample(
      {
        ADUMO_BASE_URL: mock.baseUrl,
        ADUMO_MERCHANTS: JSON.stringify(
          Object.fromEntries(merchants.map(({ merchantId, ...c }) => [merchantId, c])),
        ),
        PORT: '0',
      },
      'merchants.ts',
    );
    try {
      await expect
        .poll(() => example.output().stdout, { timeout: 20_000, interval: 50 })
        .toMatch(/listening on port \d+/);
      const port = /listening on port (\d+)/.exec(example.output().stdout)?.[1];
      const pay = (id: string) =>
        fetch(`http://127.0.0.1:${port}/merchants/${id}/pay`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 1500, merchantReference: `order-${id}` }),
        });
      const answers = await Promise.all(
        [...merchants, ...merchants].map(async ({ merchantId }) => {
          const res = await pay(merchantId);
          return [merchantId, res.status, await res.json()] as const;
        }),
      );
      for (const [merchantId, status, body] of answers) {
        expect(status).toBe(200);
        expect(body).toMatchObject({ merchantId, clientId: merchantId });
      }
      const unknown = await pay('merchant-99');
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: 'unknown_merchant' });
      const stats = mock.stats.snapshot();
      expect(stats.tokenRequests).toBe(3);
      expect(stats.apiCallsByClient).toEqual({ 'merchant-1': 2, 'merchant-2': 2, 'merchant-3': 2 });
      expect(example.output().stderr).toBe('');
    } finally {
      await example.stop();
      await mock.close();
    }
  }, 30_000);
});
