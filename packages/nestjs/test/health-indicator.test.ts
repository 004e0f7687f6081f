import 'reflect-metadata';
import { Controller, Get, Inject, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AdumoOAuthHealthIndicator,
  AdumoOAuthModule,
  InjectTokenManager,
  TokenManager,
  type AccessToken,
} from '../src';
import { MERCHANT_B } from './support';

const WRONG_SECRET = 'wr0ng/+&= secret';
const LIFETIME_S = 600;

@Controller('health')
class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(AdumoOAuthHealthIndicator) private readonly adumo: AdumoOAuthHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.adumo.isHealthy()]);
  }

  @Get('strict')
  @HealthCheck()
  strict() {
    return this.health.check([() => this.adumo.isHealthy('adumo-oauth', { staleIsUp: false })]);
  }

  @Get('merchant-b')
  @HealthCheck()
  merchantB() {
    return this.health.check([() => this.adumo.isHealthy('merchant-b', { name: 'merchant-b' })]);
  }
}

/** Gets tokens from inside the app, like a payment route would. */
class Tokens {
  constructor(
    @Inject(TokenManager) readonly main: TokenManager,
    @InjectTokenManager('merchant-b') readonly merchantB: TokenManager,
  ) {}
}

let at = Date.UTC(2026, 0, 1);
const now = () => at;
let mock: MockAdumo | undefined;
let app: INestApplication | undefined;
afterEach(async () => {
  await app?.close();
  await mock?.close();
  app = mock = undefined;
});

/** A real Nest app on 127.0.0.1:0 with TerminusModule, the indicator and two registrations. */
async function start(merchantBSecret: string = MERCHANT_B.clientSecret) {
  at = Date.UTC(2026, 0, 1);
  mock = await startMockAdumo({
    now,
    clients: [{ ...DEFAULT_CLIENT, tokenLifetimeSeconds: LIFETIME_S }, MERCHANT_B],
  });
  const common = { baseUrl: mock.baseUrl, now, retry: { maxAttempts: 1 }, logger: false } as const;
  @Module({
    imports: [
      TerminusModule,
      AdumoOAuthModule.forRoot({ ...common, ...DEFAULT_CLIENT }),
      AdumoOAuthModule.forRoot({
        ...common,
        name: 'merchant-b',
        clientId: MERCHANT_B.clientId,
        clientSecret: merchantBSecret,
      }),
    ],
    controllers: [HealthController],
    providers: [AdumoOAuthHealthIndicator, Tokens],
  })
  class AppModule {}
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const tokens = app.get(Tokens);
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
  };
  return { mock, tokens, get };
}

/** No secret (raw or encoded) and no token (whole or its first 20 characters) in `text`. */
function expectClean(text: string, tokens: readonly AccessToken[]) {
  const secrets = [DEFAULT_CLIENT.clientSecret, MERCHANT_B.clientSecret, WRONG_SECRET];
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
  for (const token of tokens) {
    expect(text).not.toContain(token.value.slice(0, 20));
  }
}

describe('AdumoOAuthHealthIndicator in a real Nest app with TerminusModule', () => {
  it('is up before the first token (empty) and after it (ok), with the snapshot as details', async () => {
    const { tokens, get } = await start();
    const empty = await get('/health');
    expect(empty.status).toBe(200);
    expect(empty.json).toEqual({
      status: 'ok',
      info: { 'adumo-oauth': { status: 'up', state: 'empty', consecutiveFailures: 0 } },
      error: {},
      details: { 'adumo-oauth': { status: 'up', state: 'empty', consecutiveFailures: 0 } },
    });

    const token = await tokens.main.getToken();
    const ok = await get('/health');
    expect(ok.status).toBe(200);
    expect(ok.json['info']).toEqual({
      'adumo-oauth': {
        status: 'up',
        state: 'ok',
        expiresAt: token.expiresAt,
        consecutiveFailures: 0,
      },
    });
    expectClean(ok.text, [token]);
  });

  it('is down (503) for a registration whose secret was refused, with the failure in the details', async () => {
    const { tokens, get } = await start(WRONG_SECRET);
    const token = await tokens.main.getToken();
    await expect(tokens.merchantB.getToken()).rejects.toMatchObject({ status: 401 });

    const down = await get('/health/merchant-b');
    expect(down.status).toBe(503);
    expect(down.json['status']).toBe('error');
    const failing = (down.json['error'] as Record<string, Record<string, unknown>>)['merchant-b'];
    expect(failing).toEqual({
      status: 'down',
      state: 'failing',
      consecutiveFailures: 1,
      lastErrorCode: 'token_endpoint',
      lastErrorStatus: 401,
      retryAt: expect.any(Number) as number,
    });
    expect(failing?.['retryAt']).toBeGreaterThan(at);
    expect(down.json['details']).toEqual({ 'merchant-b': failing });
    expectClean(down.text, [token]);

    // The default registration is unaffected.
    expect((await get('/health')).status).toBe(200);
  });

  it('counts stale (a valid token served while refreshes fail) as up, unless staleIsUp: false', async () => {
    const { mock, tokens, get } = await start();
    const token = await tokens.main.getToken();
    at += (LIFETIME_S - 30) * 1000; // inside the must-refresh window, still valid
    mock.faults.failTokenRequests({ status: 503 });
    await expect(tokens.main.getToken()).resolves.toBe(token); // stale-if-error

    const lenient = await get('/health');
    expect(lenient.status).toBe(200);
    expect(lenient.json['info']).toMatchObject({
      'adumo-oauth': { status: 'up', state: 'stale', lastErrorStatus: 503, consecutiveFailures: 1 },
    });
    const strict = await get('/health/strict');
    expect(strict.status).toBe(503);
    expect(strict.json['error']).toMatchObject({
      'adumo-oauth': { status: 'down', state: 'stale', expiresAt: token.expiresAt },
    });
    expectClean(lenient.text + strict.text, [token]);
  });

  it('names the registration it cannot find', async () => {
    await start();
    const indicator = app!.get(AdumoOAuthHealthIndicator);
    await expect(indicator.isHealthy('x', { name: 'nope' })).rejects.toThrow(
      'AdumoOAuthHealthIndicator: no "nope" AdumoOAuthModule registration in this application',
    );
    await expect(indicator.isHealthy()).resolves.toEqual({
      'adumo-oauth': { status: 'up', state: 'empty', consecutiveFailures: 0 },
    });
  });

  it('works without TerminusModule imported (HealthIndicatorService is stateless)', async () => {
    mock = await startMockAdumo({ now, clients: [DEFAULT_CLIENT] });
    @Module({
      imports: [
        AdumoOAuthModule.forRoot({ baseUrl: mock.baseUrl, now, logger: false, ...DEFAULT_CLIENT }),
      ],
      providers: [AdumoOAuthHealthIndicator],
    })
    class BareModule {}
    app = await NestFactory.create(BareModule, { logger: false });
    await app.init();
    await app.get(TokenManager).getToken();
    await expect(app.get(AdumoOAuthHealthIndicator).isHealthy('tokens')).resolves.toMatchObject({
      tokens: { status: 'up', state: 'ok' },
    });
  });
});
