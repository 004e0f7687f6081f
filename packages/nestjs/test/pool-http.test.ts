import 'reflect-metadata';
import { HttpService } from '@nestjs/axios';
import { Test } from '@nestjs/testing';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockMerchants, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { ADUMO_HTTP, AdumoMerchants, AdumoOAuthModule, TokenPool } from '../src';

const INITIATE = '/products/payments/v1/card/initiate';
const payment = { amount: 1500, merchantReference: 'order-1' };
const byId = new Map(mockMerchants(2).map((m) => [m.merchantId, m]));

let mock: MockAdumo;
beforeAll(async () => {
  mock = await startMockAdumo({ merchants: { count: 2 } });
});
afterAll(() => mock.close());
beforeEach(() => mock.stats.reset());

describe('AdumoMerchants.http(merchantId) with http: true', () => {
  it("each merchant's HttpService carries its own token; a 401 resends for that merchant only", async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AdumoOAuthModule.forRootAsync({
          http: true,
          useFactory: () => ({ baseUrl: mock.baseUrl, credentials: (id) => byId.get(id) }),
        }),
      ],
    }).compile();
    try {
      const merchants = moduleRef.get(AdumoMerchants);
      const one = merchants.http<HttpService>('merchant-1');
      const two = merchants.http<HttpService>('merchant-2');
      expect(one).toBeInstanceOf(HttpService);
      expect(merchants.http('merchant-1')).toBe(one);
      expect(moduleRef.get(ADUMO_HTTP)).toBeUndefined(); // a pool registration has no single one
      const answers = await Promise.all(
        [one, two, two].map((http) =>
          firstValueFrom(http.post<{ clientId: string }>(INITIATE, payment)),
        ),
      );
      expect(answers.map((r) => r.data.clientId)).toEqual([
        'merchant-1',
        'merchant-2',
        'merchant-2',
      ]);

      const pool = moduleRef.get(TokenPool);
      const before = pool.peek('merchant-2')?.value;
      mock.faults.revokeAll();
      const again = await firstValueFrom(one.post<{ clientId: string }>(INITIATE, payment));
      expect(again.data.clientId).toBe('merchant-1');
      expect(mock.stats.snapshot()).toMatchObject({
        apiCallsByStatus: { 200: 4, 401: 1 },
        tokenRequestsByClient: { 'merchant-1': { issued: 2 }, 'merchant-2': { issued: 1 } },
      });
      expect(pool.peek('merchant-2')?.value).toBe(before);
    } finally {
      await moduleRef.close();
    }
  });
});
