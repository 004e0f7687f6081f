import 'reflect-metadata';
import { Module, type ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { MockAdumo } from '@adumo-oauth/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdumoOAuthModule, getTokenManagerToken, TokenManager } from '../src';
import { managerOptions, MERCHANT_B, startMock } from './support';

let mock: MockAdumo;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());

function compile(...imports: NonNullable<ModuleMetadata['imports']>) {
  @Module({ imports })
  class AppModule {}
  return Test.createTestingModule({ imports: [AppModule] }).compile();
}

describe('ambiguous registrations', () => {
  const expected = (who: string) =>
    new RegExp(`AdumoOAuthModule: \\w+ sees two registrations of ${who}`);

  it('two global default registrations fail at start-up instead of injecting one at random', async () => {
    await expect(
      compile(
        AdumoOAuthModule.forRoot({ ...managerOptions(mock), isGlobal: true }),
        AdumoOAuthModule.forRoot({ ...managerOptions(mock, MERCHANT_B), isGlobal: true }),
      ),
    ).rejects.toThrow(expected('the default \\(unnamed\\) client'));
  });

  it('two registrations with the same name imported into one module fail', async () => {
    await expect(
      compile(
        AdumoOAuthModule.forRoot({ ...managerOptions(mock), name: 'acme' }),
        AdumoOAuthModule.forRootAsync({
          name: 'acme',
          useFactory: () => managerOptions(mock, MERCHANT_B),
        }),
      ),
    ).rejects.toThrow(expected('"acme"'));
  });

  it('the same name in two feature modules that never meet is fine', async () => {
    @Module({
      imports: [AdumoOAuthModule.forRoot({ ...managerOptions(mock), name: 'acme' })],
    })
    class ShopA {}
    @Module({
      imports: [AdumoOAuthModule.forRoot({ ...managerOptions(mock, MERCHANT_B), name: 'acme' })],
    })
    class ShopB {}
    const app = await compile(ShopA, ShopB);
    const token = getTokenManagerToken('acme');
    const [a, b] = [app.select(ShopA), app.select(ShopB)].map((shop) =>
      shop.get<TokenManager>(token, { strict: false }),
    );
    expect(a).toBeInstanceOf(TokenManager);
    expect(b).toBeInstanceOf(TokenManager);
    await app.close();
  });
});
