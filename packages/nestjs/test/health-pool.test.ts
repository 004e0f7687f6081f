import 'reflect-metadata';
import { Controller, Get, Inject, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { mockMerchants, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import { AdumoOAuthHealthIndicator, AdumoOAuthModule, TokenPool } from '../src';

const MERCHANTS = mockMerchants(3);
const byId = new Map(MERCHANTS.map((m) => [m.merchantId, m]));

@Controller('health')
class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(AdumoOAuthHealthIndicator) private readonly adumo: AdumoOAuthHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.adumo.isHealthy('merchants')]);
  }
}

let mock: MockAdumo | undefined;
let app: INestApplication | undefined;
afterEach(async () => {
  await app?.close();
  await mock?.close();
  app = mock = undefined;
});

describe('AdumoOAuthHealthIndicator for a TokenPool registration', () => {
  it('is up while some merchants work (degraded), down when every merchant fails; no secret in the body', async () => {
    mock = await startMockAdumo({ merchants: { count: 3 } });
    @Module({
      imports: [
        TerminusModule,
        AdumoOAuthModule.forRoot({
          baseUrl: mock.baseUrl,
          credentials: (id: string) => byId.get(id),
          retry: { maxAttempts: 1 },
          logger: false,
        }),
      ],
      controllers: [HealthController],
      providers: [AdumoOAuthHealthIndicator],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const pool = app.get(TokenPool);
    const get = async () => {
      const res = await fetch(`${url}/health`);
      const text = await res.text();
      return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
    };

    expect((await get()).json['info']).toEqual({
      merchants: {
        status: 'up',
        state: 'empty',
        merchants: 0,
        byState: { ok: 0, stale: 0, failing: 0, empty: 0 },
      },
    });
    await pool.getToken('merchant-1');
    mock.clients.update('merchant-2', { clientSecret: 'revoked' });
    await expect(pool.getToken('merchant-2')).rejects.toMatchObject({ status: 401 });
    const degraded = await get();
    expect(degraded.status).toBe(200);
    expect(degraded.json['info']).toEqual({
      merchants: {
        status: 'up',
        state: 'degraded',
        merchants: 2,
        byState: { ok: 1, stale: 0, failing: 1, empty: 0 },
      },
    });

    await pool.forget('merchant-1');
    const down = await get();
    expect(down.status).toBe(503);
    expect(down.json['error']).toEqual({
      merchants: {
        status: 'down',
        state: 'failing',
        merchants: 1,
        byState: { ok: 0, stale: 0, failing: 1, empty: 0 },
      },
    });
    for (const m of MERCHANTS) expect(down.text + degraded.text).not.toContain(m.clientSecret);
  });
});
