import 'reflect-metadata';
import { Body, Controller, Get, Inject, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_CLIENT, type MockAdumo } from '@adumo-oauth/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdumoOAuthModule, InjectAdumoFetch, TokenManager, type FetchLike } from '../src';
import { managerOptions, startMock, type Payment } from './support';

const API_BASE_URL = Symbol('API_BASE_URL');

@Controller('payments')
class PaymentsController {
  constructor(
    private readonly tokens: TokenManager,
    @InjectAdumoFetch() private readonly adumoFetch: FetchLike,
    @Inject(API_BASE_URL) private readonly baseUrl: string,
  ) {}

  @Post('initiate')
  async initiate(@Body() payment: Record<string, unknown>): Promise<unknown> {
    const res = await this.adumoFetch(`${this.baseUrl}/products/payments/v1/card/initiate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payment),
    });
    return { status: res.status, body: await res.json() };
  }

  @Get('token')
  async token(): Promise<unknown> {
    const token = await this.tokens.getToken();
    return { expiresAt: token.expiresAt, canCreate: token.hasAuthority('TRANSACTION_CREATE') };
  }
}

let mock: MockAdumo;
let app: INestApplication;
let url: string;

beforeAll(async () => {
  mock = await startMock();
  @Module({
    imports: [AdumoOAuthModule.forRoot({ ...managerOptions(mock), isGlobal: true })],
    controllers: [PaymentsController],
    providers: [{ provide: API_BASE_URL, useValue: mock.baseUrl }],
  })
  class AppModule {}
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
});
afterAll(async () => {
  await app?.close();
  await mock?.close();
});
beforeEach(() => {
  mock.faults.clear();
  mock.stats.reset();
});

function pay(merchantReference: string) {
  return fetch(`${url}/payments/initiate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 1500, merchantReference }),
  }).then(async (res) => ({ status: res.status, json: (await res.json()) as Payment }));
}

describe('a real Nest HTTP app', () => {
  it('pays through the injected fetch; concurrent requests share one token request', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pay(`order-${i}`)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(results.map((r) => r.json.status)).toEqual(Array(8).fill(200));
    expect(results.map((r) => r.json.body.merchantReference)).toEqual(
      Array.from({ length: 8 }, (_, i) => `order-${i}`),
    );
    expect(results[0]!.json.body.clientId).toBe(DEFAULT_CLIENT.clientId);
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 8 });
  });

  it('the controller and the fetch share the TokenManager injected by type', async () => {
    const res = await fetch(`${url}/payments/token`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { expiresAt: number; canCreate: boolean };
    expect(body.canCreate).toBe(true);
    expect(await app.get(TokenManager).getToken()).toMatchObject({ expiresAt: body.expiresAt });
    expect((await pay('order-x')).json.status).toBe(200);
    expect(mock.stats.tokenRequests).toBe(0);
  });

  it('recovers from revoked tokens with exactly one new token request', async () => {
    mock.faults.revokeAll();
    const results = await Promise.all([pay('a'), pay('b'), pay('c')]);
    expect(results.map((r) => r.json.status)).toEqual([200, 200, 200]);
    expect(mock.stats.tokenRequests).toBe(1);
  });
});
