import 'reflect-metadata';
import {
  Controller,
  Get,
  Injectable,
  Module,
  Param,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { mockMerchants, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AdumoMerchants,
  AdumoOAuthExceptionFilter,
  AdumoOAuthModule,
  InjectAdumoFetch,
  InjectAdumoMerchants,
  InjectTokenPool,
  TokenManager,
  TokenPool,
  type FetchLike,
} from '../src';
import { managerOptions } from './support';

const MERCHANTS = mockMerchants(3);
const byId = new Map(MERCHANTS.map((m) => [m.merchantId, m]));
const logs: string[] = [];
const push = (m: string) => void logs.push(m);
const logger = { debug: push, info: push, warn: push, error: push };

/** The credentials resolver: 'broken' fails (with a secret in its message), unknown ids → undefined. */
function credentials(merchantId: string) {
  if (merchantId === 'broken') throw new Error(`vault down: ${MERCHANTS[0]!.clientSecret}`);
  return byId.get(merchantId);
}

let mock: MockAdumo;
beforeAll(async () => {
  mock = await startMockAdumo({ merchants: { count: 3 } });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.faults.clear();
  mock.stats.reset();
  logs.length = 0;
});

@Controller('merchants')
class PayController {
  constructor(
    private readonly merchants: AdumoMerchants,
    private readonly pool: TokenPool,
  ) {}

  @Post(':id/pay')
  async pay(@Param('id') id: string): Promise<unknown> {
    const res = await this.merchants.fetch(id)(
      `${this.pool.baseUrl}/products/payments/v1/card/initiate`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1500, merchantReference: `order-${id}` }),
      },
    );
    const body = (await res.json()) as { clientId?: string };
    return { status: res.status, clientId: body.clientId };
  }

  @Get(':id/token')
  async token(@Param('id') id: string): Promise<unknown> {
    const token = await this.pool.getToken(id);
    return { clientId: token.claims?.['client_id'] };
  }
}

describe('a real Nest app with forRootAsync({ credentials })', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    @Module({
      imports: [
        AdumoOAuthModule.forRootAsync({
          useFactory: () => ({
            baseUrl: mock.baseUrl,
            credentials,
            logger,
            retry: { maxAttempts: 1 },
          }),
        }),
      ],
      controllers: [PayController],
      providers: [{ provide: APP_FILTER, useClass: AdumoOAuthExceptionFilter }],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const pay = async (id: string) => {
    const res = await fetch(`${url}/merchants/${encodeURIComponent(id)}/pay`, { method: 'POST' });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };

  it('3 merchants × 5 concurrent payments: each with its own token, one token request each', async () => {
    const ids = MERCHANTS.map((m) => m.merchantId);
    const calls = ids.flatMap((id) => Array.from({ length: 5 }, () => id));
    const answers = await Promise.all(calls.map(async (id) => ({ id, ...(await pay(id)) })));
    for (const { id, status, body } of answers) {
      expect(status).toBe(201);
      expect(JSON.parse(body)).toEqual({ status: 200, clientId: id });
    }
    const stats = mock.stats.snapshot();
    expect(stats.apiCallsByClient).toEqual(Object.fromEntries(ids.map((id) => [id, 5])));
    expect(stats.tokenRequestsByClient).toEqual(
      Object.fromEntries(ids.map((id) => [id, { issued: 1 }])),
    );
    const token = await fetch(`${url}/merchants/merchant-2/token`);
    expect(await token.json()).toEqual({ clientId: 'merchant-2' });
    expect(mock.stats.snapshot().tokenRequests).toBe(3);
  });

  it('the exception filter: unknown merchant 404, failing resolver 503, invalid id 400', async () => {
    const unknown = await pay('merchant-404');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(unknown.body)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No payment gateway credentials are configured for this merchant',
      code: 'unknown_merchant',
    });
    const broken = await pay('broken');
    expect(broken.status).toBe(503);
    expect(JSON.parse(broken.body)).toMatchObject({ code: 'credentials_unavailable' });
    const invalid = await pay('merchant-1\u0001');
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ code: 'invalid_merchant' });
    expect(mock.stats.snapshot().tokenRequests).toBe(0);
    const paid = await pay('merchant-1'); // so there is a token to look for

    // No answer and no log line holds a merchant's secret or token.
    const tokens = MERCHANTS.map((m) => app.get(TokenPool).peek(m.merchantId)?.value);
    const all = [unknown.body, broken.body, invalid.body, paid.body, ...logs].join('\n');
    for (const needle of [...MERCHANTS.map((m) => m.clientSecret), ...tokens]) {
      if (needle !== undefined) expect(all).not.toContain(needle);
    }
    expect(tokens[0]).toEqual(expect.any(String));
  });
});

@Injectable()
class Consumers {
  constructor(
    @InjectTokenPool('platform') readonly pool: TokenPool,
    @InjectAdumoMerchants('platform') readonly merchants: AdumoMerchants,
    readonly defaultMerchants: AdumoMerchants,
    readonly tokens: TokenManager,
    @InjectAdumoFetch('platform') readonly platformFetch: FetchLike,
  ) {}
}

describe('registrations', () => {
  const poolOptions = () => ({ baseUrl: mock.baseUrl, credentials, logger: false as const });
  let closeAfter: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closeAfter) await close();
    closeAfter = [];
  });

  it('a named pool beside a default TokenManager; the pool is closed on app.close()', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AdumoOAuthModule.forRoot({ ...managerOptions(mock, MERCHANTS[0]), isGlobal: true }),
        AdumoOAuthModule.forRoot({ ...poolOptions(), name: 'platform', isGlobal: true }),
      ],
      providers: [Consumers],
    }).compile();
    const c = moduleRef.get(Consumers);
    expect(c.pool).toBeInstanceOf(TokenPool);
    expect(c.merchants.pool).toBe(c.pool);
    expect(c.tokens).toBeInstanceOf(TokenManager);
    expect((await c.pool.getToken('merchant-3')).claims?.['client_id']).toBe('merchant-3');
    // The one-merchant registration's AdumoMerchants says what to do instead.
    expect(() => c.defaultMerchants.fetch('merchant-1')).toThrow(/register with credentials/);
    expect(() => c.defaultMerchants.pool).toThrow(TypeError);
    // The pool registration's plain fetch says to use AdumoMerchants.
    await expect(c.platformFetch(`${mock.baseUrl}/products/ping`)).rejects.toThrow(
      expect.objectContaining({ code: 'config' }),
    );
    expect(mock.stats.snapshot().apiCalls).toBe(0);

    await moduleRef.close();
    await expect(c.pool.getToken('merchant-3')).rejects.toMatchObject({ code: 'closed' });
    await expect(c.tokens.getToken()).rejects.toMatchObject({ code: 'closed' });
  });

  it('AdumoMerchants keeps the clients of merchants called again; a newcomer in a full cache is kept from its second call', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AdumoOAuthModule.forRoot({ ...poolOptions(), merchantClients: 2 })],
    }).compile();
    closeAfter.push(() => moduleRef.close());
    const merchants = moduleRef.get(AdumoMerchants);
    expect(moduleRef.get(TokenManager)).toBeUndefined();
    const first = merchants.fetch('merchant-1');
    expect(merchants.fetch('merchant-1')).toBe(first);
    const second = merchants.fetch('merchant-2');
    const third = merchants.fetch('merchant-3'); // full: a newcomer, served but not kept
    expect(merchants.fetch('merchant-1')).toBe(first);
    expect(merchants.fetch('merchant-2')).toBe(second);
    const again = merchants.fetch('merchant-3'); // its second call: kept from now on
    expect(again).not.toBe(third);
    expect(merchants.fetch('merchant-3')).toBe(again);
    // merchant-1 was called least recently: it went back on probation and made room.
    expect(merchants.fetch('merchant-2')).toBe(second);
    expect(merchants.fetch('merchant-1')).not.toBe(first);
    expect(() => merchants.fetch('')).toThrow(
      expect.objectContaining({ code: 'invalid_merchant' }),
    );
    expect(() => merchants.http('merchant-1')).toThrow(/http: true/);
    const res = await merchants.fetch('merchant-2')(`${mock.baseUrl}/products/ping`);
    expect(await res.json()).toMatchObject({ clientId: 'merchant-2' });
  });

  it('AdumoMerchants: a flood of 5 × merchantClients one-time ids keeps the clients of merchants in use', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AdumoOAuthModule.forRoot({ ...poolOptions(), merchantClients: 100 })],
    }).compile();
    closeAfter.push(() => moduleRef.close());
    const merchants = moduleRef.get(AdumoMerchants);
    const regular = Array.from({ length: 20 }, (_, i) => `merchant-${i + 1}`);
    const clients = regular.map((id) => merchants.fetch(id));
    for (let i = 0; i < 500; i++) {
      merchants.fetch(`one-time-${i}`);
      if (i % 50 === 0) regular.forEach((id, k) => expect(merchants.fetch(id)).toBe(clients[k]));
    }
    regular.forEach((id, k) => expect(merchants.fetch(id)).toBe(clients[k]));
  });

  it.each([
    ['clientId', { clientId: 'x' }, /credentials \(many merchants\) or clientId, not both/],
    ['clientSecret', { clientSecret: 'y' }, /or clientSecret, not both/],
    ['merchantClients 0', { merchantClients: 0 }, /merchantClients must be/],
  ])('credentials with %s is a clear config error', async (_case, extra, message) => {
    const compile = Test.createTestingModule({
      imports: [AdumoOAuthModule.forRoot({ ...poolOptions(), ...extra } as never)],
    }).compile();
    await expect(compile).rejects.toThrow(message);
  });
});
