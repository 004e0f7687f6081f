import { testHooks } from '../src/timers';
import {
  DEFAULT_CLIENT,
  startMockAdumo,
  type MockAdumo,
  type TokenFaultKind,
} from '@adumo-oauth/mock-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenManager, type AccessToken, type TokenManagerOptions } from '../src';
import { Clock } from './helpers';

let mock: MockAdumo;
let clock: Clock;
let sleeps: number[];

beforeEach(async () => {
  clock = new Clock(Date.now());
  sleeps = [];
  mock = await startMockAdumo({ now: clock.now });
});
afterEach(() => mock.close());

function manager(overrides: Partial<TokenManagerOptions> = {}): TokenManager {
  return new TokenManager({
    baseUrl: mock.baseUrl,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    now: clock.now,
    ...testHooks({
      random: () => 0.5,
      sleep: (ms: number) => {
        sleeps.push(ms);
        clock.advance(ms);
        return Promise.resolve();
      },
    }),
    ...overrides,
  });
}

async function ping(token: AccessToken): Promise<number> {
  const res = await fetch(`${mock.baseUrl}/products/payments/v1/card/initiate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token.value}`, 'Content-Type': 'application/json' },
    body: '{"amount":100}',
  });
  await res.arrayBuffer();
  return res.status;
}

/** Resolves with the next `name` event (bounded by the test timeout). */
function next<K extends 'token' | 'refreshError'>(tokens: TokenManager, name: K): Promise<void> {
  return new Promise((resolve) => {
    const off = tokens.on(name, (event) => {
      if (name === 'token' && (event as { source: string }).source === 'cache') return;
      off();
      resolve();
    });
  });
}

const outcomes = () => mock.stats.snapshot().tokenRequestsByClient[DEFAULT_CLIENT.clientId];

describe('against the mock Adumo server', () => {
  it.each(['query', 'body', 'basic'] as const)(
    'gets a working token with clientAuth=%s',
    async (clientAuth) => {
      const tokens = manager({ clientAuth });
      const token = await tokens.getToken();
      expect(token.authorities).toHaveLength(DEFAULT_CLIENT.authorities.length);
      expect(token.hasAuthority('AUTHORISE_CARD_TRANSACTION')).toBe(true);
      expect(token.scope).toEqual(['read']);
      expect(token.expiresAt).toBe(
        Math.min(token.issuedAt + 599_999_000, (token.claims!['exp'] as number) * 1000),
      );
      expect(await ping(token)).toBe(200);
      expect(outcomes()).toEqual({ issued: 1 });
    },
  );

  it('10,000 concurrent cold getToken() → exactly one token request, one token for all', async () => {
    mock.faults.latency(30);
    const tokens = manager();
    const all = await Promise.all(Array.from({ length: 10_000 }, () => tokens.getToken()));
    expect(mock.stats.tokenRequests).toBe(1);
    expect(new Set(all.map((t) => t.jti)).size).toBe(1);
  }, 30_000);

  it('wrong credentials: 401 invalid_client, not retried', async () => {
    const tokens = manager({ clientSecret: 'wrong-secret' });
    const error = await tokens.getToken().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'token_endpoint',
      status: 401,
      error: 'invalid_client',
      errorDescription: 'Bad client credentials',
      retryable: false,
    });
    expect(mock.stats.tokenRequests).toBe(1);
  });

  it.each([500, 503])(
    'failTokenRequests(%i, count 2): retried, third attempt succeeds',
    async (status) => {
      mock.faults.failTokenRequests({ status, count: 2 });
      const token = await manager().getToken();
      expect(await ping(token)).toBe(200);
      expect(mock.stats.snapshot().tokenResponsesByStatus).toEqual({ [status]: 2, 200: 1 });
      expect(sleeps).toEqual([50, 100]);
    },
  );

  it('429 with Retry-After: honoured (capped), then success', async () => {
    mock.faults.failTokenRequests({ status: 429, count: 2, retryAfterSeconds: 3 });
    await manager({ retry: { maxRetryAfterMs: 2000 } }).getToken();
    expect(sleeps).toEqual([2000, 2000]);
    expect(mock.stats.tokenRequests).toBe(3);
  });

  it('a lasting 503 outage: maxAttempts requests, then the 503 error', async () => {
    mock.faults.failTokenRequests({ status: 503, retryAfterSeconds: 1 });
    const error = await manager()
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'token_endpoint',
      status: 503,
      retryable: true,
      retryAfterMs: 1000,
    });
    expect(mock.stats.tokenRequests).toBe(4);
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('latency above the per-attempt timeout: TimeoutError after every attempt', async () => {
    mock.faults.latency(400);
    const error = await manager({ timeoutMs: 60, retry: { maxAttempts: 2 } })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(mock.stats.tokenRequests).toBe(2);
  });

  const cases: [TokenFaultKind, string | null, number][] = [
    ['malformed-json', 'invalid_response', 1],
    ['html', null, 2],
    ['truncated', null, 2],
    ['reset', null, 2],
    ['hang', null, 2],
    ['missing-access-token', 'invalid_response', 1],
    ['expires-in-string', null, 1],
    ['expires-in-negative', 'invalid_response', 1],
    ['expires-in-huge', null, 1],
    ['token-type-mac', 'invalid_response', 1],
    ['xml', 'invalid_response', 1],
  ];
  it.each(cases)(
    'nextTokenResponses(%s) → %s after %i request(s)',
    async (kind, code, requests) => {
      mock.faults.nextTokenResponses(kind);
      const tokens = manager({ timeoutMs: 150 });
      const result = await tokens.getToken().then(
        (token) => ({ token }),
        (error: unknown) => ({ error }),
      );
      expect(mock.stats.tokenRequests).toBe(requests);
      if (code === null) {
        expect('token' in result).toBe(true);
        const token = (result as { token: AccessToken }).token;
        expect(await ping(token)).toBe(200);
        expect(token.expiresAt).toBe(
          Math.min(token.issuedAt + 599_999_000, (token.claims!['exp'] as number) * 1000),
        );
      } else {
        expect((result as { error: { code: string; status: number } }).error).toMatchObject({
          code,
          status: 200,
        });
      }
    },
  );

  it('revokeAll: the API rejects the token; invalidate + getToken gets one it accepts', async () => {
    const tokens = manager();
    const first = await tokens.getToken();
    mock.faults.revokeAll();
    expect(await ping(first)).toBe(401);
    await tokens.invalidate(first);
    const second = await tokens.getToken();
    expect(second.jti).not.toBe(first.jti);
    expect(await ping(second)).toBe(200);
    expect(mock.stats.tokenRequests).toBe(2);
  });

  it('2 s tokens: refresh-ahead in the background, waits only in the must-refresh window', async () => {
    mock.clients.update(DEFAULT_CLIENT.clientId, { tokenLifetimeSeconds: 2 });
    clock.ms = Math.ceil(clock.ms / 1000) * 1000; // whole second: JWT exp = issue + 2 s exactly
    const tokens = manager();
    const first = await tokens.getToken();
    expect(first.expiresAt - first.issuedAt).toBe(2000);
    clock.advance(1500);
    const refreshed = next(tokens, 'token');
    const callers = await Promise.all([tokens.getToken(), tokens.getToken()]);
    expect(callers.map((t) => t.jti)).toEqual([first.jti, first.jti]);
    await refreshed;
    const second = tokens.peek()!;
    expect(second.jti).not.toBe(first.jti);
    expect(await tokens.getToken()).toBe(second);
    clock.ms = second.expiresAt - 100; // must-refresh window: the caller waits for a new one
    const third = await tokens.getToken();
    expect([third.jti === second.jti, await ping(third)]).toEqual([false, 200]);
    expect(mock.stats.tokenRequests).toBe(3);
  });

  it('stale-if-error: an outage inside the refresh window never reaches callers', async () => {
    const tokens = manager({ retry: { maxAttempts: 2 } });
    const first = await tokens.getToken();
    mock.faults.failTokenRequests({ status: 503 });
    clock.ms = first.expiresAt - 30 * 60_000; // inside the 1 h refresh window
    for (let i = 0; i < 5; i++) {
      const failed = next(tokens, 'refreshError');
      const token = await tokens.getToken();
      expect(token).toBe(first);
      expect(await ping(token)).toBe(200);
      await failed;
      clock.advance(60_000);
    }
    expect(mock.stats.snapshot().tokenResponsesByStatus['503']).toBe(10);
    mock.faults.clear();
    clock.advance(60_000);
    const refreshed = next(tokens, 'token');
    expect(await tokens.getToken()).toBe(first);
    await refreshed;
    expect(tokens.peek()!.jti).not.toBe(first.jti);
    expect(tokens.stats()).toMatchObject({ failures: 5, refreshes: 7 });
  });
});
