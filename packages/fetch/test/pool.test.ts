import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenPool } from '@adumo-oauth/core';
import { mockMerchants, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { createAuthorizedFetch } from '../src';

/** `createAuthorizedFetch(pool.source(id))`: a real pool, the real mock with merchants. */
describe('createAuthorizedFetch with TokenPool sources', () => {
  const merchants = new Map(mockMerchants(2).map((m) => [m.merchantId, m]));
  let mock: MockAdumo;
  let pool: TokenPool;
  beforeEach(async () => {
    mock = await startMockAdumo({ merchants: { count: 2 } });
    pool = new TokenPool({ baseUrl: mock.baseUrl, credentials: (id) => merchants.get(id) });
  });
  afterEach(async () => {
    await pool.close();
    await mock.close();
  });
  const initiate = (adumoFetch: typeof fetch) =>
    adumoFetch(`${mock.baseUrl}/products/payments/v1/card/initiate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1000, merchantReference: 'order-1' }),
    });

  it("each merchant's fetch carries its own token; a 401 retries for that merchant only", async () => {
    const one = createAuthorizedFetch(pool.source('merchant-1'));
    const two = createAuthorizedFetch(pool.source('merchant-2'));
    const answers = await Promise.all([initiate(one), initiate(two), initiate(one)]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { clientId: string }[];
    expect(bodies.map((b) => b.clientId)).toEqual(['merchant-1', 'merchant-2', 'merchant-1']);
    expect(mock.stats.snapshot().apiCallsByClient).toEqual({ 'merchant-1': 2, 'merchant-2': 1 });

    const before = { one: pool.peek('merchant-1')?.value, two: pool.peek('merchant-2')?.value };
    mock.faults.revokeAll();
    const res = await initiate(one);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { clientId: string }).clientId).toBe('merchant-1');
    const stats = mock.stats.snapshot();
    expect(stats.apiCallsByStatus).toEqual({ 200: 4, 401: 1 });
    expect(stats.tokenRequestsByClient).toEqual({
      'merchant-1': { issued: 2 },
      'merchant-2': { issued: 1 },
    });
    // merchant-1 got a new token (compare-and-invalidate); merchant-2's was not touched.
    expect(pool.peek('merchant-1')?.value).not.toBe(before.one);
    expect(pool.peek('merchant-2')?.value).toBe(before.two);
  });
});
