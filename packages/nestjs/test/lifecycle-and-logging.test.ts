import 'reflect-metadata';
import { Module, type LoggerService, type ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it, vi } from 'vitest';
import {
  ADUMO_FETCH,
  AdumoOAuthModule,
  getTokenManagerToken,
  TokenManager,
  type FetchLike,
} from '../src';
import { CountingStore } from './memory-store';
import { initiate, managerOptions, MERCHANT_B, mockPerFile } from './support';

const mock = mockPerFile();

async function compile(imports: NonNullable<ModuleMetadata['imports']>, logger?: LoggerService) {
  @Module({ imports })
  class AppModule {}
  const builder = Test.createTestingModule({ imports: [AppModule] });
  if (logger !== undefined) builder.setLogger(logger);
  return builder.compile();
}

describe('shutdown', () => {
  it('closes the TokenManager the module built, once, on app.close()', async () => {
    const app = await compile([
      AdumoOAuthModule.forRoot({ ...managerOptions(mock), keepWarm: true }),
    ]);
    const manager = app.get(TokenManager);
    await manager.getToken();
    const close = vi.spyOn(manager, 'close');
    await app.close();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('leaves a TokenManager passed in to its owner', async () => {
    const tokenManager = new TokenManager(managerOptions(mock));
    const close = vi.spyOn(tokenManager, 'close');
    const app = await compile([AdumoOAuthModule.forRoot({ tokenManager })]);
    await app.get(TokenManager).getToken();
    await app.close();
    expect(close).not.toHaveBeenCalled();
  });
});

describe('store', () => {
  it('is used by the module-built TokenManager and closed once at shutdown, even when shared', async () => {
    const store = new CountingStore();
    const app = await compile([
      AdumoOAuthModule.forRoot({ ...managerOptions(mock), store }),
      AdumoOAuthModule.forRoot({ ...managerOptions(mock, MERCHANT_B), store, name: 'b' }),
    ]);
    await app.get(TokenManager).getToken();
    await app.get<TokenManager>(getTokenManagerToken('b')).getToken();
    expect(store.entries.size).toBe(2);
    expect(store.calls.close).toBe(0);
    await app.close();
    expect(store.calls.close).toBe(1);
  });

  it('stays open with closeStore: false', async () => {
    const store = new CountingStore();
    const app = await compile([
      AdumoOAuthModule.forRoot({ ...managerOptions(mock), store, closeStore: false }),
    ]);
    await app.get(TokenManager).getToken();
    await app.close();
    expect(store.calls.close).toBe(0);
  });
});

/** Captures what Nest's Logger forwards: [level, message, context]. */
function capturingLogger() {
  const lines: [string, string, unknown][] = [];
  const capture =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      lines.push([level, String(message), rest.at(-1)]);
  const logger: LoggerService = {
    log: capture('log'),
    warn: capture('warn'),
    error: capture('error'),
    debug: capture('debug'),
    verbose: capture('verbose'),
  };
  return { logger, lines };
}

describe('logging', () => {
  it("defaults to Nest's Logger with the AdumoOAuth context (and the name for named clients)", async () => {
    const store = new CountingStore();
    store.failing = true;
    const { logger, lines } = capturingLogger();
    const app = await compile(
      [
        AdumoOAuthModule.forRoot({ ...managerOptions(mock), store }),
        AdumoOAuthModule.forRoot({ ...managerOptions(mock, MERCHANT_B), store, name: 'b' }),
      ],
      logger,
    );
    // A failing store is a cache miss: the token still comes from the endpoint, with a warning.
    expect((await initiate(app.get<FetchLike>(ADUMO_FETCH), mock)).status).toBe(200);
    await app.get<TokenManager>(getTokenManagerToken('b')).getToken();
    const contexts = lines.filter(([level]) => level === 'warn').map(([, , context]) => context);
    expect(contexts).toContain('AdumoOAuth');
    expect(contexts).toContain('AdumoOAuth:b');
    const all = JSON.stringify(lines);
    expect(all).not.toContain(MERCHANT_B.clientSecret);
    expect(all).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    await app.close();
  });

  it('logger: false is silent and a custom logger receives the messages instead', async () => {
    const store = new CountingStore();
    store.failing = true;
    const { logger, lines } = capturingLogger();
    const custom: string[] = [];
    const app = await compile(
      [
        AdumoOAuthModule.forRoot({ ...managerOptions(mock), store, logger: false }),
        AdumoOAuthModule.forRoot({
          ...managerOptions(mock, MERCHANT_B),
          store,
          name: 'b',
          logger: { warn: (message: string) => custom.push(message) },
        }),
      ],
      logger,
    );
    await app.get(TokenManager).getToken();
    await app.get<TokenManager>(getTokenManagerToken('b')).getToken();
    expect(lines.filter(([level]) => level === 'warn')).toEqual([]);
    expect(custom.length).toBeGreaterThan(0);
    await app.close();
  });
});
