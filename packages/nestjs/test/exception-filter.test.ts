import 'reflect-metadata';
import { Controller, Get, Inject, Module, type INestApplication } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { type MockAdumo } from '@adumo-oauth/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdumoOAuthExceptionFilter,
  AdumoOAuthModule,
  TokenManager,
  getTokenManagerToken,
  type TokenManagerOptions,
} from '../src';
import { managerOptions, startMock } from './support';

@Controller()
class TokenController {
  constructor(@Inject(TokenManager) private readonly tokens: TokenManager) {}

  @Get('token')
  async token(): Promise<unknown> {
    return { jti: (await this.tokens.getToken()).jti };
  }

  @Get('boom')
  boom(): never {
    throw new TypeError('not a token problem');
  }
}

async function appWith(
  options: TokenManagerOptions,
): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [AdumoOAuthModule.forRoot({ ...options, isGlobal: true })],
    controllers: [TokenController],
    providers: [{ provide: APP_FILTER, useClass: AdumoOAuthExceptionFilter }],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

let mock: MockAdumo;
const apps: INestApplication[] = [];
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await mock?.close();
});

describe('AdumoOAuthExceptionFilter (the same answers as the Express adumoErrorHandler)', () => {
  it('a refused secret → 502 problem+json with fixed wording, no secret', async () => {
    const secret = 'wrong-secret-for-the-filter-test';
    const { app, url } = await appWith({ ...managerOptions(mock), clientSecret: secret });
    apps.push(app);
    const res = await fetch(`${url}/token`);
    const text = await res.text();
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(text)).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: 'The payment gateway refused to issue an access token',
      code: 'token_endpoint',
    });
    expect(text).not.toContain(secret);
  });

  it('an unreachable token endpoint → 503 network; a closed manager → 503 closed', async () => {
    const { app, url } = await appWith({
      ...managerOptions(mock),
      baseUrl: 'http://127.0.0.1:1',
      retry: { maxAttempts: 1 },
    });
    apps.push(app);
    const res = await fetch(`${url}/token`);
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([503, 'network']);
    await app.get<TokenManager>(getTokenManagerToken()).close();
    const closed = await fetch(`${url}/token`);
    expect([closed.status, ((await closed.json()) as { code: string }).code]).toEqual([
      503,
      'closed',
    ]);
  });

  it('other errors keep Nest handling (500, Nest body)', async () => {
    const { app, url } = await appWith(managerOptions(mock));
    apps.push(app);
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    const ok = await fetch(`${url}/token`);
    expect(ok.status).toBe(200);
  });
});
