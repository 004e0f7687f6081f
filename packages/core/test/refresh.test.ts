import { describe, expect, it } from 'vitest';
import type { TokenManagerEvents } from '../src';
import { resolveConfig } from '../src/config';
import { refreshTimes } from '../src/access-token';
import { Clock, SECRET, fakeFetch, flush, json, makeManager } from './helpers';

const defaults = resolveConfig({
  baseUrl: 'https://a.test',
  clientId: 'c',
  clientSecret: SECRET,
}).refresh;
const down = () => json(503, { error: 'server_error' });

describe('refresh windows scale with the lifetime (behaviour 4)', () => {
  it('documented defaults: 25 % / max 1 h refresh-ahead, 10 % / max 30 s must-refresh', () => {
    expect(refreshTimes(0, 2_000, defaults)).toEqual({ refreshAt: 1_500, mustRefreshAt: 1_800 });
    expect(refreshTimes(0, 3_600_000, defaults)).toEqual({
      refreshAt: 2_700_000,
      mustRefreshAt: 3_570_000,
    });
    const week = 599_999_000;
    expect(refreshTimes(0, week, defaults)).toEqual({
      refreshAt: week - 3_600_000,
      mustRefreshAt: week - 30_000,
    });
  });

  it('a must-refresh window never exceeds the refresh window', () => {
    const odd = resolveConfig({
      baseUrl: 'https://a.test',
      clientId: 'c',
      clientSecret: SECRET,
      refreshWindow: { ratio: 0.05, maxMs: 1000 },
      mustRefreshWindow: { ratio: 0.5, maxMs: 60_000 },
    }).refresh;
    const t = refreshTimes(0, 100_000, odd);
    expect(t.mustRefreshAt).toBeGreaterThanOrEqual(t.refreshAt);
  });
});

for (const lifetimeSeconds of [2, 599_999]) {
  describe(`refresh-ahead with a ${lifetimeSeconds} s token (behaviour 4)`, () => {
    const life = lifetimeSeconds * 1000;
    const { refreshAt, mustRefreshAt } = refreshTimes(0, life, defaults);

    it('before the window: cached; in the window: cached at once + one background refresh', async () => {
      const clock = new Clock();
      const endpoint = fakeFetch(clock, [], { lifetimeSeconds });
      const { manager } = makeManager(clock, endpoint.fetch);
      const sources: string[] = [];
      manager.on('token', (e: TokenManagerEvents['token']) => sources.push(e.source));
      const first = await manager.getToken();
      clock.advance(refreshAt - 1);
      expect(await manager.getToken()).toBe(first);
      expect(endpoint.calls).toHaveLength(1);
      clock.advance(1);
      const inWindow = await Promise.all([
        manager.getToken(),
        manager.getToken(),
        manager.getToken(),
      ]);
      expect(inWindow).toEqual([first, first, first]);
      expect(endpoint.calls).toHaveLength(2);
      await flush();
      const next = await manager.getToken();
      expect(next.value).toBe(endpoint.issued[1]);
      expect(endpoint.calls).toHaveLength(2);
      expect(sources).toEqual(['network', 'cache', 'cache', 'cache', 'cache', 'network', 'cache']);
      expect(manager.stats()).toMatchObject({ hits: 5, misses: 1, refreshes: 2 });
    });

    it('in the must-refresh window callers wait for the new token', async () => {
      const clock = new Clock();
      const endpoint = fakeFetch(clock, [], { lifetimeSeconds });
      const { manager } = makeManager(clock, endpoint.fetch);
      const first = await manager.getToken();
      clock.advance(mustRefreshAt);
      const [a, b] = await Promise.all([manager.getToken(), manager.getToken()]);
      expect(a).toBe(b);
      expect(a.value).toBe(endpoint.issued[1]);
      expect(a).not.toBe(first);
      expect(endpoint.calls).toHaveLength(2);
      expect(manager.stats().misses).toBe(3);
    });
  });
}

/** A fake endpoint that can be switched to failing with `down()` for every request. */
function switchable(clock: Clock, lifetimeSeconds: number) {
  const good = fakeFetch(clock, [], { lifetimeSeconds });
  const bad = fakeFetch(clock, [], { fallback: down });
  const state = { broken: false };
  const fetch = (url: string, init: RequestInit) =>
    state.broken ? bad.fetch(url, init) : good.fetch(url, init);
  return { fetch, state, good, bad };
}

describe('stale-if-error (behaviour 5)', () => {
  it('keeps serving the old token while background refreshes fail, retrying with backoff', async () => {
    const clock = new Clock();
    const endpoint = switchable(clock, 3600);
    const { manager } = makeManager(clock, endpoint.fetch, {
      retry: { maxAttempts: 1, baseDelayMs: 1000, maxDelayMs: 8000 },
    });
    const events: TokenManagerEvents['refreshError'][] = [];
    manager.on('refreshError', (e) => events.push(e));
    const token = await manager.getToken();
    endpoint.state.broken = true;
    clock.advance(2_700_000); // refresh window
    expect(await manager.getToken()).toBe(token);
    await flush();
    expect(endpoint.bad.calls).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      background: true,
      consecutiveFailures: 1,
      staleUntil: token.expiresAt,
    });
    expect(events[0]!.error.code).toBe('token_endpoint');
    // Within the backoff (random 0.5 → 0.75 × 1000 ms) no new attempt, still the old token.
    clock.advance(700);
    expect(await manager.getToken()).toBe(token);
    await flush();
    expect(endpoint.bad.calls).toHaveLength(1);
    clock.advance(100);
    expect(await manager.getToken()).toBe(token);
    await flush();
    expect(endpoint.bad.calls).toHaveLength(2);
    expect(events.map((e) => e.consecutiveFailures)).toEqual([1, 2]);
    // Must-refresh window: callers wait, the refresh fails, they still get the valid old token.
    clock.ms = token.expiresAt - 10_000;
    expect(await manager.getToken()).toBe(token);
    expect(manager.stats().staleServed).toBe(1);
    // Once it has really expired, the error reaches the caller.
    clock.ms = token.expiresAt;
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'token_endpoint', status: 503 });
    expect(events.at(-1)).toMatchObject({ background: false, staleUntil: undefined });
    // Endpoint back: during the cooldown after the 4th failure (8000 × 0.75 ms) callers get that
    // failure with no request; the first call after it recovers.
    endpoint.state.broken = false;
    clock.advance(5_999);
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'token_endpoint', status: 503 });
    clock.advance(1);
    expect((await manager.getToken()).value).toBe(endpoint.good.issued[1]);
    expect(manager.stats()).toMatchObject({ failures: 4, requests: 6 });
  });

  it('never leaves an unhandled rejection when a background refresh fails with nobody listening', async () => {
    const clock = new Clock();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const endpoint = switchable(clock, 100);
      const { manager } = makeManager(clock, endpoint.fetch, { retry: { maxAttempts: 1 } });
      const token = await manager.getToken();
      endpoint.state.broken = true;
      clock.advance(80_000);
      expect(await manager.getToken()).toBe(token);
      await flush(20);
      await new Promise((r) => setTimeout(r, 20));
      expect(manager.stats()).toMatchObject({ failures: 1, refreshes: 2 });
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
