import 'reflect-metadata';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';
import { describe, expect, it } from 'vitest';
import {
  AdumoOAuthModule,
  InjectAdumoFetch,
  TokenManager,
  type AdumoOAuthModuleOptions,
  type AdumoOAuthOptionsFactory,
  type FetchLike,
} from '../src';
import { initiate, issuedByClient, MERCHANT_B, mockPerFile } from './support';

const mock = mockPerFile();

/** Configuration as an app would load it (no .env file, so the test is hermetic). */
const configModule = () =>
  ConfigModule.forRoot({
    ignoreEnvFile: true,
    load: [
      () => ({
        ADUMO_BASE_URL: mock.baseUrl,
        ADUMO_CLIENT_ID: MERCHANT_B.clientId,
        ADUMO_CLIENT_SECRET: MERCHANT_B.clientSecret,
      }),
    ],
  });

function fromConfig(config: ConfigService): AdumoOAuthModuleOptions {
  return {
    baseUrl: config.getOrThrow<string>('ADUMO_BASE_URL'),
    clientId: config.getOrThrow<string>('ADUMO_CLIENT_ID'),
    clientSecret: config.getOrThrow<string>('ADUMO_CLIENT_SECRET'),
  };
}

@Injectable()
class AdumoConfig implements AdumoOAuthOptionsFactory {
  calls = 0;
  constructor(private readonly config: ConfigService) {}
  async createAdumoOAuthOptions(): Promise<AdumoOAuthModuleOptions> {
    this.calls += 1;
    await Promise.resolve();
    return fromConfig(this.config);
  }
}

@Injectable()
class PaymentsService {
  constructor(
    readonly tokens: TokenManager,
    @InjectAdumoFetch() readonly adumoFetch: FetchLike,
  ) {}
}

async function compile(...imports: DynamicModule[]) {
  @Module({ imports, providers: [PaymentsService] })
  class AppModule {}
  return Test.createTestingModule({ imports: [AppModule] }).compile();
}

/** The registration works end to end with merchant B's credentials from the ConfigService. */
async function expectMerchantB(app: Awaited<ReturnType<typeof compile>>) {
  const { tokens, adumoFetch } = app.get(PaymentsService);
  expect(tokens).toBeInstanceOf(TokenManager);
  const paid = await initiate(adumoFetch, mock);
  expect(paid.status).toBe(200);
  expect(paid.body['clientId']).toBe(MERCHANT_B.clientId);
  expect(issuedByClient(mock)).toEqual({ [MERCHANT_B.clientId]: 1 });
}

describe('AdumoOAuthModule.forRootAsync', () => {
  it('useFactory with ConfigModule/ConfigService', async () => {
    const app = await compile(
      AdumoOAuthModule.forRootAsync({
        imports: [configModule()],
        inject: [ConfigService],
        useFactory: fromConfig,
      }),
    );
    await expectMerchantB(app);
    await app.close();
  });

  it('useFactory returning a promise of a TokenManager', async () => {
    const app = await compile(
      AdumoOAuthModule.forRootAsync({
        useFactory: async () => {
          await Promise.resolve();
          return {
            tokenManager: new TokenManager({
              baseUrl: mock.baseUrl,
              clientId: DEFAULT_CLIENT.clientId,
              clientSecret: DEFAULT_CLIENT.clientSecret,
            }),
          };
        },
      }),
    );
    expect((await initiate(app.get(PaymentsService).adumoFetch, mock)).status).toBe(200);
    expect(issuedByClient(mock)).toEqual({ [DEFAULT_CLIENT.clientId]: 1 });
    await app.close();
  });

  it('useClass instantiates the options factory inside the module', async () => {
    const app = await compile(
      AdumoOAuthModule.forRootAsync({ imports: [configModule()], useClass: AdumoConfig }),
    );
    await expectMerchantB(app);
    await app.close();
  });

  it('useExisting reuses an options factory exported by an imported module', async () => {
    @Module({ imports: [configModule()], providers: [AdumoConfig], exports: [AdumoConfig] })
    class AdumoConfigModule {}
    const app = await compile(
      AdumoOAuthModule.forRootAsync({ imports: [AdumoConfigModule], useExisting: AdumoConfig }),
    );
    await expectMerchantB(app);
    const existing = app.select(AdumoConfigModule).get(AdumoConfig);
    expect(existing.calls).toBe(1);
    await app.close();
  });
});
