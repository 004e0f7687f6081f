import 'reflect-metadata';
import { Injectable, Module, type ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DEFAULT_CLIENT, type MockAdumo } from '@adumo-oauth/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ADUMO_FETCH,
  AdumoOAuthModule,
  InjectAdumoFetch,
  InjectTokenManager,
  TokenManager,
  type FetchLike,
} from '../src';
import { initiate, managerOptions, startMock } from './support';

@Injectable()
class PaymentsService {
  constructor(
    readonly tokens: TokenManager,
    @InjectAdumoFetch() readonly adumoFetch: FetchLike,
    @InjectTokenManager() readonly sameTokens: TokenManager,
  ) {}
}

let mock: MockAdumo;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.faults.clear();
  mock.stats.reset();
});

async function compile(imports: NonNullable<ModuleMetadata['imports']>) {
  @Module({ imports, providers: [PaymentsService] })
  class AppModule {}
  return Test.createTestingModule({ imports: [AppModule] }).compile();
}

describe('AdumoOAuthModule.forRoot', () => {
  it('provides the TokenManager by type and the authorized fetch under ADUMO_FETCH', async () => {
    const app = await compile([AdumoOAuthModule.forRoot(managerOptions(mock))]);
    const service = app.get(PaymentsService);
    expect(service.tokens).toBeInstanceOf(TokenManager);
    expect(service.sameTokens).toBe(service.tokens);
    expect(app.get(TokenManager)).toBe(service.tokens);
    expect(app.get(ADUMO_FETCH)).toBe(service.adumoFetch);

    const token = await service.tokens.getToken();
    expect(token.claims?.['client_id']).toBe(DEFAULT_CLIENT.clientId);
    const first = await initiate(service.adumoFetch, mock, 'order-1');
    const second = await initiate(service.adumoFetch, mock, 'order-2');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body).toMatchObject({ merchantReference: 'order-1', status: 'INITIATED' });
    expect(first.body['clientId']).toBe(DEFAULT_CLIENT.clientId);
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 2 });
    await app.close();
  });

  it('uses a TokenManager passed in as is', async () => {
    const tokens = new TokenManager(managerOptions(mock));
    const app = await compile([AdumoOAuthModule.forRoot({ tokenManager: tokens })]);
    expect(app.get(PaymentsService).tokens).toBe(tokens);
    await tokens.getToken();
    expect((await initiate(app.get(PaymentsService).adumoFetch, mock)).status).toBe(200);
    expect(mock.stats.tokenRequests).toBe(1);
    await app.close();
  });

  it('retries one 401 with a fresh token by default', async () => {
    const app = await compile([AdumoOAuthModule.forRoot(managerOptions(mock))]);
    const { adumoFetch } = app.get(PaymentsService);
    expect((await initiate(adumoFetch, mock)).status).toBe(200);
    mock.faults.revokeAll();
    expect((await initiate(adumoFetch, mock)).status).toBe(200);
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 2, apiCalls: 3 });
    await app.close();
  });

  it('passes retryOnUnauthorized: false and apiFetch to the authorized fetch', async () => {
    const sent: string[] = [];
    const apiFetch: FetchLike = (input, init) => {
      sent.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const app = await compile([
      AdumoOAuthModule.forRoot({ ...managerOptions(mock), retryOnUnauthorized: false, apiFetch }),
    ]);
    const { adumoFetch } = app.get(PaymentsService);
    expect((await initiate(adumoFetch, mock)).status).toBe(200);
    mock.faults.revokeAll();
    expect((await initiate(adumoFetch, mock)).status).toBe(401);
    expect(sent).toEqual([
      `${mock.baseUrl}/products/payments/v1/card/initiate`,
      `${mock.baseUrl}/products/payments/v1/card/initiate`,
    ]);
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 2 });
    await app.close();
  });
});

describe('AdumoOAuthModule option checks', () => {
  it('rejects a tokenManager together with TokenManager options', async () => {
    const tokens = new TokenManager(managerOptions(mock));
    const options = { tokenManager: tokens, clientId: 'x' } as never;
    await expect(compile([AdumoOAuthModule.forRoot(options)])).rejects.toThrow(
      /either tokenManager or TokenManager options, not both \(got clientId\)/,
    );
  });

  it('rejects a tokenManager that is not one', async () => {
    const options = { tokenManager: {} } as never;
    await expect(compile([AdumoOAuthModule.forRoot(options)])).rejects.toThrow(
      'AdumoOAuthModule: tokenManager must be a TokenManager',
    );
  });

  it('rejects a forRootAsync factory that resolves no options, naming the registration', async () => {
    const module = AdumoOAuthModule.forRootAsync({ name: 'acme', useFactory: () => null as never });
    await expect(Test.createTestingModule({ imports: [module] }).compile()).rejects.toThrow(
      'AdumoOAuthModule "acme": options must be an object',
    );
  });

  it('rejects an empty name when the module is defined', () => {
    expect(() => AdumoOAuthModule.forRoot({ ...managerOptions(mock), name: ' ' })).toThrow(
      'AdumoOAuthModule: name must be a non-empty string when given',
    );
    expect(() =>
      AdumoOAuthModule.forRootAsync({ name: '', useFactory: () => ({}) as never }),
    ).toThrow(TypeError);
  });

  it("surfaces the core's config error without the secret", async () => {
    const options = { ...managerOptions(mock), baseUrl: 'not a url' };
    const error: unknown = await compile([AdumoOAuthModule.forRoot(options)]).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'config' });
    expect(String((error as Error).message)).not.toContain(DEFAULT_CLIENT.clientSecret);
  });
});
