import 'reflect-metadata';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, Param, Query, type INestApplication } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import {
  DEFAULT_CLIENT,
  mockMerchants,
  startMockAdumo,
  type MockAdumo,
} from '@adumo-oauth/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AdumoMerchants,
  AdumoOAuthExceptionFilter,
  AdumoOAuthModule,
  InjectAdumoFetch,
  InjectAdumoMerchants,
  type FetchLike,
} from '../src';

/**
 * A real API server under a path prefix: it issues opaque tokens at /api/oauth/token and records
 * the URL and Authorization header of every request.
 */
async function startPrefixedApi(host: '127.0.0.1' | 'localhost' = '127.0.0.1') {
  const seen: { url: string; authorization: string | undefined }[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    res.setHeader('content-type', 'application/json');
    if (url.startsWith('/api/oauth/token?')) {
      res.end('{"access_token":"opaque-prefixed","token_type":"bearer","expires_in":600}');
      return;
    }
    seen.push({ url, authorization: req.headers.authorization });
    res.end('{"ok":true}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

type Answer = { status: number; body: unknown };
const relay = async (res: Response): Promise<Answer> => ({
  status: res.status,
  body: (await res.json()) as unknown,
});

@Controller()
class CallController {
  constructor(
    @InjectAdumoFetch() private readonly adumoFetch: FetchLike,
    @InjectAdumoFetch('prefixed') private readonly prefixedFetch: FetchLike,
    @InjectAdumoMerchants('pool') private readonly merchants: AdumoMerchants,
  ) {}

  @Get('call')
  async call(@Query('to') to: string): Promise<Answer> {
    return relay(await this.adumoFetch(to));
  }

  @Get('prefixed')
  async prefixed(@Query('to') to: string): Promise<Answer> {
    return relay(await this.prefixedFetch(to));
  }

  @Get('merchants/:id')
  async merchant(@Param('id') id: string, @Query('to') to: string): Promise<Answer> {
    return relay(await this.merchants.fetch(id)(to));
  }
}

let mock: MockAdumo;
let api: Awaited<ReturnType<typeof startPrefixedApi>>;
let other: Awaited<ReturnType<typeof startPrefixedApi>>;
let app: INestApplication;
let url: string;

beforeAll(async () => {
  mock = await startMockAdumo({ clients: [DEFAULT_CLIENT], merchants: { count: 1 } });
  api = await startPrefixedApi();
  other = await startPrefixedApi('localhost');
  const [merchant] = mockMerchants(1);
  @Module({
    imports: [
      AdumoOAuthModule.forRoot({
        baseUrl: mock.baseUrl,
        clientId: DEFAULT_CLIENT.clientId,
        clientSecret: DEFAULT_CLIENT.clientSecret,
      }),
      AdumoOAuthModule.forRoot({
        name: 'prefixed',
        baseUrl: `${api.url}/api`,
        clientId: 'prefixed-client',
        clientSecret: 'prefixed-secret',
      }),
      AdumoOAuthModule.forRoot({
        name: 'pool',
        baseUrl: mock.baseUrl,
        credentials: (id) => (id === 'merchant-1' ? merchant : undefined),
      }),
    ],
    controllers: [CallController],
    providers: [{ provide: APP_FILTER, useClass: AdumoOAuthExceptionFilter }],
  })
  class AppModule {}
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
});
afterAll(async () => {
  await app?.close();
  await other?.close();
  await api?.close();
  await mock?.close();
});
beforeEach(() => {
  mock.stats.reset();
  api.seen.length = 0;
  other.seen.length = 0;
});

/** The relayed upstream answer, or the app's own error answer (the exception filter's). */
async function get(path: string, to: string): Promise<Answer> {
  const res = await fetch(`${url}${path}?to=${encodeURIComponent(to)}`);
  const body = (await res.json()) as unknown;
  return res.ok ? (body as Answer) : { status: res.status, body };
}

describe('Nest: the injected fetch and AdumoMerchants.fetch(id) take paths', () => {
  it('a path goes to the base URL; an absolute URL still works', async () => {
    const ok = { status: 200, body: { status: 'ok', clientId: DEFAULT_CLIENT.clientId } };
    expect(await get('/call', '/products/ping')).toEqual(ok);
    expect(await get('/call', `${mock.baseUrl}/products/ping`)).toEqual(ok);
    expect(mock.stats.snapshot().apiCallsByPath).toEqual({ '/products/ping': 2 });
  });

  it("a merchant's fetch resolves paths against the pool's base URL", async () => {
    expect(await get('/merchants/merchant-1', '/products/ping')).toEqual({
      status: 200,
      body: { status: 'ok', clientId: 'merchant-1' },
    });
  });

  it("keeps the base URL's path prefix; `..`, `//host` and queries stay on its origin", async () => {
    const host = new URL(other.url).host;
    for (const path of ['/products/x', `/x?to=${other.url}`, `//${host}/x`, `/..//${host}/x`]) {
      expect((await get('/prefixed', path)).status).toBe(200);
    }
    expect(api.seen).toEqual([
      { url: '/api/products/x', authorization: 'Bearer opaque-prefixed' },
      { url: `/api/x?to=${other.url}`, authorization: 'Bearer opaque-prefixed' },
      { url: `/api//${host}/x`, authorization: 'Bearer opaque-prefixed' },
      { url: `//${host}/x`, authorization: 'Bearer opaque-prefixed' },
    ]);
    expect(other.seen).toHaveLength(0);
  });

  it('another origin is still refused (500 origin_not_allowed), nothing sent', async () => {
    for (const path of ['/call', '/merchants/merchant-1']) {
      expect(await get(path, `${other.url}/products/ping`)).toMatchObject({
        status: 500,
        body: { code: 'origin_not_allowed' },
      });
    }
    expect(other.seen).toHaveLength(0);
  });
});
