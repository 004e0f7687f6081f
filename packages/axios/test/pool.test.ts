import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenPool } from '@adumo-oauth/core';
import { mockMerchants, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { createAdumoAxios } from '../src';

const INITIATE = '/products/payments/v1/card/initiate';
const payment = { amount: 1000, merchantReference: 'order-1' };

/** `createAdumoAxios(pool.source(id))`: a real pool, the real mock with merchants, real axios. */
describe('createAdumoAxios with TokenPool sources', () => {
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

  it("each merchant's instance carries its own token; a 401 retries for that merchant only", async () => {
    const one = createAdumoAxios(pool.source('merchant-1'));
    const two = createAdumoAxios(pool.source('merchant-2'));
    expect(one.defaults.baseURL).toBe(mock.baseUrl);
    const answers = await Promise.all([
      one.post<{ clientId: string }>(INITIATE, payment),
      two.post<{ clientId: string }>(INITIATE, payment),
      two.post<{ clientId: string }>(INITIATE, payment),
    ]);
    expect(answers.map((r) => r.data.clientId)).toEqual(['merchant-1', 'merchant-2', 'merchant-2']);
    expect(mock.stats.snapshot().apiCallsByClient).toEqual({ 'merchant-1': 1, 'merchant-2': 2 });

    const before = { one: pool.peek('merchant-1')?.value, two: pool.peek('merchant-2')?.value };
    mock.faults.revokeAll();
    const res = await two.post<{ clientId: string }>(INITIATE, payment);
    expect(res.status).toBe(200);
    expect(res.data.clientId).toBe('merchant-2');
    const stats = mock.stats.snapshot();
    expect(stats.apiCallsByStatus).toEqual({ 200: 4, 401: 1 });
    expect(stats.tokenRequestsByClient).toEqual({
      'merchant-1': { issued: 1 },
      'merchant-2': { issued: 2 },
    });
    expect(pool.peek('merchant-2')?.value).not.toBe(before.two);
    expect(pool.peek('merchant-1')?.value).toBe(before.one);
  });
});
