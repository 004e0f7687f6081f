import { testHooks } from '../src/timers';
import { TOKEN_FAULT_KINDS, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenManager, type TokenManagerOptions, type TokenStore } from '../src';

const CANARY = 'LeakCanary-5e1d7c0b/+=&%';
const CLIENT = 'leak-client';

let mock: MockAdumo;
const captured: string[] = [];
const tokenValues = new Set<string>();

function capture(value: unknown): void {
  captured.push(typeof value === 'string' ? value : inspect(value, { depth: 8, showHidden: true }));
  try {
    captured.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect above is enough
  }
  if (value instanceof Error) captured.push(value.message, value.stack ?? '');
}

function manager(overrides: Partial<TokenManagerOptions> = {}): TokenManager {
  const log =
    (level: string) =>
    (message: string, ...rest: unknown[]) =>
      capture(`${level} ${message} ${inspect(rest)}`);
  const tokens = new TokenManager({
    baseUrl: mock.baseUrl,
    clientId: CLIENT,
    clientSecret: CANARY,
    timeoutMs: 150,
    ...testHooks({ sleep: () => Promise.resolve() }),
    // Every forced call below must reach the endpoint: no cooldown between failed refreshes.
    // (a Retry-After also sets the cooldown, so it is capped at 0 here).
    cooldown: { minMs: 0, maxMs: 0 },
    retry: { maxRetryAfterMs: 0 },
    logger: {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      log: log('log'),
    },
    ...overrides,
  });
  for (const name of ['token', 'refreshError', 'retry', 'storeError'] as const)
    tokens.on(name, capture);
  capture(tokens);
  return tokens;
}

async function run(tokens: TokenManager, options?: { forceRefresh?: boolean }): Promise<void> {
  try {
    const token = await tokens.getToken(options);
    tokenValues.add(token.value);
    capture(token);
    capture(String(token));
  } catch (error) {
    capture(error);
    capture((error as { cause?: unknown }).cause);
  }
  capture(tokens);
  capture(tokens.stats());
}

beforeAll(async () => {
  mock = await startMockAdumo({
    clients: [{ clientId: CLIENT, clientSecret: CANARY, tokenLifetimeSeconds: 600 }],
  });
});
afterAll(() => mock.close());

describe('secret leak test (behaviour 9)', () => {
  it('the fault matrix never puts the secret or a whole token into messages, stacks, logs, inspect() or JSON', async () => {
    for (const clientAuth of ['query', 'body', 'basic'] as const) {
      const tokens = manager({ clientAuth });
      await run(tokens);
      // Every fault the mock can put into a token answer.
      for (const kind of TOKEN_FAULT_KINDS) {
        mock.faults.nextTokenResponses(kind, 4);
        await run(tokens, { forceRefresh: true });
        mock.faults.clear();
      }
      for (const status of [500, 503, 429, 400]) {
        mock.faults.failTokenRequests({ status, count: 4, retryAfterSeconds: 1 });
        await run(tokens, { forceRefresh: true });
        mock.faults.clear();
      }
      mock.faults.latency(400);
      await run(tokens, { forceRefresh: true });
      mock.faults.clear();
      mock.faults.revokeAll();
      await tokens.invalidate();
      await run(tokens);
    }
    // Wrong secret for a known client, and an unknown client.
    await run(manager({ clientId: 'unknown-client' }));
    await run(manager({ clientSecret: `${CANARY}-wrong` }));
    // Connection refused.
    await run(manager({ baseUrl: 'http://127.0.0.1:1' }));
    // A fetch whose error echoes the URL (with the secret) and a store whose errors echo it.
    await run(
      manager({ fetch: (url) => Promise.reject(new TypeError(`Failed to parse URL from ${url}`)) }),
    );
    const hostile: TokenStore = {
      get: () => Promise.reject(new Error(`store get failed, secret=${CANARY}`)),
      set: () => {
        throw new Error(`set ${CANARY}`);
      },
      delete: () => Promise.reject(new Error(`del ${encodeURIComponent(CANARY)}`)),
    };
    const withStore = manager({ store: hostile });
    await run(withStore);
    await withStore.invalidate();
    // Config errors.
    try {
      new TokenManager({
        baseUrl: `http://example.test/?s=${CANARY}`,
        clientId: CLIENT,
        clientSecret: CANARY,
      });
    } catch (error) {
      capture(error);
    }

    expect(tokenValues.size).toBeGreaterThan(10);
    expect(captured.length).toBeGreaterThan(500);
    const all = captured.join('\n');
    for (const needle of [
      CANARY,
      encodeURIComponent(CANARY),
      new URLSearchParams({ s: CANARY }).toString().slice(2),
      Buffer.from(`${CLIENT}:${CANARY}`).toString('base64'),
    ]) {
      expect(all).not.toContain(needle);
    }
    for (const value of tokenValues) {
      expect(all).not.toContain(value);
      expect(all).not.toContain(value.slice(-43)); // the signature
    }
    expect(all).toContain('client_secret=[REDACTED]');
  }, 60_000);
});
