import { describe, expect, it } from 'vitest';
import { MemoryTokenStore, TokenEndpointError, isAdumoOAuthError } from '../src';
import { Clock, fakeFetch, json, makeManager } from './helpers';

describe('cache and single-flight (behaviours 2, 3)', () => {
  it('serves the cached token without another request', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const { manager } = makeManager(clock, endpoint.fetch);
    const first = await manager.getToken();
    const second = await manager.getToken();
    const third = await manager.getToken({ signal: new AbortController().signal });
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(endpoint.calls).toHaveLength(1);
    expect(manager.stats()).toMatchObject({ hits: 2, misses: 1, requests: 1, refreshes: 1 });
    // Every hit of a token hands out its one settled promise (nothing allocated per hit).
    expect(manager.getToken()).toBe(manager.getToken());
  });

  it('a getToken() from inside its own token request is a config error at once: no recursion, no retry, no request', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    let entered = 0;
    // A fetch that asks the manager for a token first, as an interceptor on the global
    // dispatcher would for the manager's own token request.
    const { manager } = makeManager(clock, async (url: string, init: RequestInit) => {
      entered++;
      await manager.getToken();
      return endpoint.fetch(url, init);
    });
    const error = await manager.getToken().catch((e: unknown) => e);
    expect(isAdumoOAuthError(error, 'config')).toBe(true);
    expect((error as Error).message).toMatch(/from inside the token request itself/);
    expect(entered).toBe(1);
    expect(endpoint.calls).toHaveLength(0);
    expect(manager.stats()).toMatchObject({ requests: 1, retries: 0, refreshes: 1 });
  });

  it('the same with a store, where the token request goes out after the store was read', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    let entered = 0;
    const { manager } = makeManager(
      clock,
      async (url: string, init: RequestInit) => {
        entered++;
        await manager.getToken();
        return endpoint.fetch(url, init);
      },
      { store: new MemoryTokenStore() },
    );
    const error = await manager.getToken().catch((e: unknown) => e);
    expect(isAdumoOAuthError(error, 'config')).toBe(true);
    expect(entered).toBe(1);
    expect(endpoint.calls).toHaveLength(0);
  });

  it('10,000 concurrent cold getToken() calls make exactly one request and share its token', async () => {
    const clock = new Clock();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const endpoint = fakeFetch(clock, [], { hold: () => held });
    const { manager } = makeManager(clock, endpoint.fetch);
    const all = Array.from({ length: 10_000 }, () => manager.getToken());
    release();
    const tokens = await Promise.all(all);
    expect(endpoint.calls).toHaveLength(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]!.value).toBe(endpoint.issued[0]);
  });

  it('all concurrent callers get the same error; later calls share it until the cooldown ends, then try again', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [
      () => json(401, { error: 'invalid_client', error_description: 'Bad client credentials' }),
    ]);
    const { manager } = makeManager(clock, endpoint.fetch);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => manager.getToken()));
    const reasons = new Set(
      results.map((r): unknown => (r.status === 'rejected' ? r.reason : undefined)),
    );
    expect(reasons.size).toBe(1);
    const error = [...reasons][0] as TokenEndpointError;
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect([error.status, error.error]).toEqual([401, 'invalid_client']);
    expect(endpoint.calls).toHaveLength(1);
    // Cooldown (1000 ms × 0.75 with random 0.5): the same error at once, no request.
    await expect(manager.getToken()).rejects.toBe(error);
    clock.advance(740);
    await expect(manager.getToken()).rejects.toBe(error);
    expect(endpoint.calls).toHaveLength(1);
    clock.advance(10);
    await expect(manager.getToken()).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(endpoint.calls).toHaveLength(2);
    expect(manager.stats()).toMatchObject({
      failures: 1,
      refreshes: 2,
      misses: 51,
      cooldownRejections: 2,
    });
  });

  it('forceRefresh requests a new token; concurrent forced callers share one request', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const { manager } = makeManager(clock, endpoint.fetch);
    const first = await manager.getToken();
    const [a, b] = await Promise.all([
      manager.getToken({ forceRefresh: true }),
      manager.getToken({ forceRefresh: true }),
    ]);
    expect(a).toBe(b);
    expect(a.value).not.toBe(first.value);
    expect(endpoint.calls).toHaveLength(2);
    expect(await manager.getToken()).toBe(a);
  });

  it('invalidate() is compare-and-invalidate; peek() never does I/O', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const { manager } = makeManager(clock, endpoint.fetch);
    expect(manager.peek()).toBeUndefined();
    const first = await manager.getToken();
    expect(manager.peek()).toBe(first);
    await manager.invalidate('some-other-token');
    expect(manager.peek()).toBe(first);
    await manager.invalidate(first);
    expect(manager.peek()).toBeUndefined();
    const second = await manager.getToken();
    expect(second.value).not.toBe(first.value);
    await manager.invalidate(first.value); // stale value: keeps the new one
    expect(manager.peek()).toBe(second);
    await manager.invalidate();
    expect(manager.peek()).toBeUndefined();
    expect(endpoint.calls).toHaveLength(2);
    clock.advance(3600_000);
    await manager.getToken();
    clock.advance(3600_000);
    expect(manager.peek()).toBeUndefined(); // expired
  });
});
