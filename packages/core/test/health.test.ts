import { describe, expect, it } from 'vitest';
import type { RequestEvent, ResponseEvent } from '../src/adapter';
import {
  Clock,
  SECRET,
  SUCCESS,
  fakeFetch,
  flush,
  json,
  makeManager,
  type Responder,
} from './helpers';

const refused: Responder = () =>
  json(401, { error: 'invalid_client', error_description: `Bad client credentials ${SECRET}` });

describe('health()', () => {
  it('goes empty → ok → stale → ok → failing → empty; never holds the secret or the token', async () => {
    const clock = new Clock();
    const script: Responder[] = [];
    const endpoint = fakeFetch(clock, script, { lifetimeSeconds: 100 });
    const { manager } = makeManager(clock, endpoint.fetch, { retry: { maxAttempts: 1 } });
    expect(manager.health()).toEqual({
      state: 'empty',
      expiresAt: undefined,
      consecutiveFailures: 0,
      lastErrorCode: undefined,
      lastErrorStatus: undefined,
      retryAt: undefined,
    });
    const first = await manager.getToken();
    expect(manager.health()).toMatchObject({ state: 'ok', expiresAt: first.expiresAt });

    // In the refresh window a background refresh fails: the valid token is still served.
    script.push(refused);
    clock.advance(80_000);
    expect((await manager.getToken()).value).toBe(first.value);
    await flush();
    const stale = manager.health();
    expect(stale).toMatchObject({
      state: 'stale',
      expiresAt: first.expiresAt,
      consecutiveFailures: 1,
      lastErrorCode: 'token_endpoint',
      lastErrorStatus: 401,
    });
    expect(stale.retryAt).toBeGreaterThan(clock.ms);

    // The cooldown passes, the next refresh succeeds: ok again, failures reset.
    clock.advance(2_000);
    await manager.getToken();
    await flush();
    expect(manager.health()).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
    expect(manager.health().expiresAt).toBeGreaterThan(first.expiresAt);

    // The token expires and every refresh fails: failing.
    script.push(refused);
    clock.advance(200_000);
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'token_endpoint' });
    expect(manager.health()).toMatchObject({
      state: 'failing',
      expiresAt: undefined,
      consecutiveFailures: 1,
      lastErrorStatus: 401,
    });
    const text = JSON.stringify(manager.health());
    expect(text).not.toContain(SECRET);
    for (const value of endpoint.issued) expect(text).not.toContain(value.slice(0, 20));

    // Invalidated with no failure since: empty.
    clock.advance(20_000);
    await manager.getToken();
    await manager.invalidate();
    expect(manager.health().state).toBe('empty');
  });
});

describe('request and response events', () => {
  it('pair each HTTP attempt by id with attempt number, redacted URL, status, duration and error', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [
      () => {
        clock.advance(40);
        return json(503, {});
      },
      () => {
        clock.advance(25);
        throw new Error('socket hang up');
      },
      SUCCESS,
    ]);
    const { manager } = makeManager(clock, endpoint.fetch);
    const seen: (RequestEvent | ResponseEvent)[] = [];
    manager.on('request', (e) => seen.push(e));
    manager.on('response', (e) => seen.push(e));
    await manager.getToken();
    expect(seen).toHaveLength(6);
    const [req1, res1, req2, res2, req3, res3] = seen as [
      RequestEvent, ResponseEvent, RequestEvent, ResponseEvent, RequestEvent, ResponseEvent,
    ]; // prettier-ignore
    expect([req1.attempt, req2.attempt, req3.attempt]).toEqual([1, 2, 3]);
    expect(new Set([req1.id, req2.id, req3.id]).size).toBe(3);
    expect([res1.id, res2.id, res3.id]).toEqual([req1.id, req2.id, req3.id]);
    expect(req1).toMatchObject({ method: 'POST' });
    expect(req1.url).toContain('client_secret=[REDACTED]');
    expect(res1).toMatchObject({ status: 503, durationMs: 40 });
    expect(res1.error).toMatchObject({ code: 'token_endpoint' });
    expect(res2).toMatchObject({ status: undefined, durationMs: 25 });
    expect(res2.error).toMatchObject({ code: 'network' });
    expect(res3).toMatchObject({ status: 200, error: undefined });
    expect(JSON.stringify(seen)).not.toContain(SECRET);
    expect(JSON.stringify(seen)).not.toContain(encodeURIComponent(SECRET));
    expect(manager.stats().requests).toBe(3);
  });
});
