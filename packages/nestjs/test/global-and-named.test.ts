import 'reflect-metadata';
import { Injectable, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';
import { describe, expect, it } from 'vitest';
import {
  ADUMO_FETCH,
  AdumoOAuthModule,
  getAdumoFetchToken,
  getTokenManagerToken,
  InjectAdumoFetch,
  InjectTokenManager,
  TokenManager,
  type FetchLike,
} from '../src';
import { initiate, issuedByClient, managerOptions, MERCHANT_B, mockPerFile } from './support';

const mock = mockPerFile();

@Injectable()
class DefaultClientUser {
  constructor(
    readonly tokens: TokenManager,
    @InjectAdumoFetch() readonly adumoFetch: FetchLike,
  ) {}
}

@Injectable()
class MerchantBUser {
  constructor(
    @InjectTokenManager('merchant-b') readonly tokens: TokenManager,
    @InjectAdumoFetch('merchant-b') readonly adumoFetch: FetchLike,
  ) {}
}

/** A feature module that does NOT import AdumoOAuthModule: works only with a global registration. */
function featureModule(...providers: Type[]) {
  @Module({ providers, exports: providers })
  class FeatureModule {}
  return FeatureModule;
}

function compile(...imports: NonNullable<ModuleMetadata['imports']>) {
  @Module({ imports })
  class AppModule {}
  return Test.createTestingModule({ imports: [AppModule] }).compile();
}

describe('injection tokens', () => {
  it('are Symbol.for keys (the same across ESM/CJS copies) and the TokenManager class by default', () => {
    expect(getTokenManagerToken()).toBe(TokenManager);
    expect(getAdumoFetchToken()).toBe(ADUMO_FETCH);
    expect(ADUMO_FETCH).toBe(Symbol.for('@adumo-oauth/nestjs:fetch'));
    expect(getTokenManagerToken('a')).toBe(Symbol.for('@adumo-oauth/nestjs:token-manager:a'));
    expect(getAdumoFetchToken('a')).toBe(Symbol.for('@adumo-oauth/nestjs:fetch:a'));
  });
});

describe('isGlobal', () => {
  it('makes the providers injectable in modules that do not import AdumoOAuthModule', async () => {
    const Feature = featureModule(DefaultClientUser);
    const app = await compile(
      AdumoOAuthModule.forRoot({ ...managerOptions(mock), isGlobal: true }),
      Feature,
    );
    const user = app.select(Feature).get(DefaultClientUser);
    expect(user.tokens).toBe(app.get(TokenManager));
    expect((await initiate(user.adumoFetch, mock)).status).toBe(200);
    await app.close();
  });

  it('without it, a module that does not import AdumoOAuthModule cannot inject them', async () => {
    await expect(
      compile(AdumoOAuthModule.forRoot(managerOptions(mock)), featureModule(DefaultClientUser)),
    ).rejects.toThrow(/can't resolve dependencies of the DefaultClientUser/);
  });

  it('a non-global registration can be shared by re-exporting it from one module', async () => {
    @Module({
      imports: [AdumoOAuthModule.forRoot(managerOptions(mock))],
      exports: [AdumoOAuthModule],
    })
    class AdumoSharedModule {}
    @Module({ imports: [AdumoSharedModule], providers: [DefaultClientUser] })
    class OrdersModule {}
    @Module({ imports: [AdumoSharedModule], providers: [DefaultClientUser] })
    class RefundsModule {}
    const app = await compile(OrdersModule, RefundsModule);
    const orders = app.select(OrdersModule).get(DefaultClientUser, { strict: true });
    const refunds = app.select(RefundsModule).get(DefaultClientUser, { strict: true });
    expect(orders).not.toBe(refunds);
    expect(orders.tokens).toBe(refunds.tokens);
    await Promise.all([initiate(orders.adumoFetch, mock), initiate(refunds.adumoFetch, mock)]);
    expect(mock.stats.tokenRequests).toBe(1);
    await app.close();
  });

  it('works with forRootAsync', async () => {
    const Feature = featureModule(DefaultClientUser);
    const app = await compile(
      ConfigModule.forRoot({
        isGlobal: true,
        ignoreEnvFile: true,
        load: [() => ({ URL: mock.baseUrl })],
      }),
      AdumoOAuthModule.forRootAsync({
        isGlobal: true,
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          ...managerOptions(mock),
          baseUrl: config.getOrThrow<string>('URL'),
        }),
      }),
      Feature,
    );
    expect(
      (await initiate(app.select(Feature).get(DefaultClientUser).adumoFetch, mock)).status,
    ).toBe(200);
    await app.close();
  });
});

describe('named clients', () => {
  it('coexist with the default registration, each with its own credentials and cache', async () => {
    const Feature = featureModule(DefaultClientUser, MerchantBUser);
    const app = await compile(
      AdumoOAuthModule.forRoot({ ...managerOptions(mock), isGlobal: true }),
      AdumoOAuthModule.forRoot({
        ...managerOptions(mock, MERCHANT_B),
        name: 'merchant-b',
        isGlobal: true,
      }),
      Feature,
    );
    const a = app.select(Feature).get(DefaultClientUser);
    const b = app.select(Feature).get(MerchantBUser);
    expect(b.tokens).toBeInstanceOf(TokenManager);
    expect(b.tokens).not.toBe(a.tokens);
    expect(app.get(getTokenManagerToken('merchant-b'))).toBe(b.tokens);

    const [paidA, paidB, againB] = await Promise.all([
      initiate(a.adumoFetch, mock),
      initiate(b.adumoFetch, mock),
      initiate(b.adumoFetch, mock),
    ]);
    expect(paidA.body['clientId']).toBe(DEFAULT_CLIENT.clientId);
    expect(paidB.body['clientId']).toBe(MERCHANT_B.clientId);
    expect(againB.body['clientId']).toBe(MERCHANT_B.clientId);
    expect(issuedByClient(mock)).toEqual({
      [DEFAULT_CLIENT.clientId]: 1,
      [MERCHANT_B.clientId]: 1,
    });
    await app.close();
  });

  it('a named registration does not provide the TokenManager by type', async () => {
    await expect(
      compile(
        AdumoOAuthModule.forRoot({
          ...managerOptions(mock, MERCHANT_B),
          name: 'merchant-b',
          isGlobal: true,
        }),
        featureModule(MerchantBUser, DefaultClientUser),
      ),
    ).rejects.toThrow(
      /can't resolve dependencies of the DefaultClientUser \(\?, Symbol\(@adumo-oauth\/nestjs:fetch\)\)/,
    );
  });

  it('non-global named registrations are injectable where imported', async () => {
    @Module({
      imports: [
        AdumoOAuthModule.forRootAsync({
          name: 'merchant-b',
          useFactory: () => managerOptions(mock, MERCHANT_B),
        }),
      ],
      providers: [MerchantBUser],
    })
    class MerchantBModule {}
    const app = await compile(MerchantBModule);
    const b = app.select(MerchantBModule).get(MerchantBUser);
    expect((await initiate(b.adumoFetch, mock)).body['clientId']).toBe(MERCHANT_B.clientId);
    expect(() => app.get(TokenManager)).toThrow();
    await app.close();
  });
});
