import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AdumoOAuthError,
  TokenEndpointError as EndpointError,
  isAdumoOAuthError,
  type TokenManagerEvents,
  type TokenEndpointError,
} from '../src';
import {
  backoff,
  cooldownMs,
  isAbortOrClose,
  retryable,
  storeSkipMs,
  type RetryPolicy,
} from '../src/retry';
import { LongTimer } from '../src/timers';
import type { ResponseEvent } from '../src/adapter';
import { Clock, SUCCESS, fakeFetch, json, makeManager } from './helpers';

const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    json(code, { error: code === 429 ? 'too_many_requests' : 'server_error' }, headers);

/** The attempt loop's delay: full-jitter backoff with the retry policy's `Retry-After` bounds. */
const retryDelay = (
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number =>
  backoff(attempt, {
    baseMs: policy.baseDelayMs,
    maxMs: policy.maxDelayMs,
    jitter: 1,
    random,
    retryAfterMs,
    minRetryAfterMs: policy.minRetryAfterMs,
    maxRetryAfterMs: policy.maxRetryAfterMs,
  });

describe('retries (behaviour 6)', () => {
  it('retries 5xx with capped exponential backoff and full jitter', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [status(500), status(502), status(503), SUCCESS]);
    const { manager, sleeps } = makeManager(clock, endpoint.fetch);
    const retries: TokenManagerEvents['retry'][] = [];
    manager.on('retry', (e) => retries.push(e));
    const token = await manager.getToken();
    expect(token.value).toBe(endpoint.issued[0]);
    expect(endpoint.calls).toHaveLength(4);
    expect(sleeps).toEqual([50, 100, 200]); // random 0.5 × 100·2^n
    expect(
      retries.map((r) => [r.attempt, r.delayMs, (r.error as TokenEndpointError).status]),
    ).toEqual([
      [1, 50, 500],
      [2, 100, 502],
      [3, 200, 503],
    ]);
    expect(manager.stats()).toMatchObject({ requests: 4, retries: 3, failures: 0 });
  });

  it('the backoff is capped and jittered over [0, cap)', () => {
    const policy = {
      maxAttempts: 10,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      maxRetryAfterMs: 5000,
      minRetryAfterMs: 0,
    };
    expect(retryDelay(policy, 8, undefined, () => 0.999)).toBe(999);
    expect(retryDelay(policy, 8, undefined, () => 0)).toBe(0);
    expect(retryDelay(policy, 2, 60_000, () => 0)).toBe(5000);
    expect(retryDelay(policy, 2, 1500, () => 0)).toBe(1500);
  });

  it('honours Retry-After (seconds and HTTP-date) on 429/503, capped', async () => {
    const clock = new Clock();
    const date = new Date(clock.ms + 4000).toUTCString();
    const endpoint = fakeFetch(clock, [
      status(429, { 'Retry-After': '2' }),
      status(503, { 'Retry-After': date }),
      status(429, { 'Retry-After': '3600' }),
      SUCCESS,
    ]);
    const { manager, sleeps } = makeManager(clock, endpoint.fetch, {
      retry: { maxRetryAfterMs: 5000 },
    });
    await manager.getToken();
    expect(sleeps).toEqual([2000, 2000, 5000]); // the date is 4 s after the start, 2 s later
    expect(endpoint.calls).toHaveLength(4);
  });

  it('gives up when a Retry-After would pass the overall deadline', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [status(503, { 'Retry-After': '20' }), SUCCESS]);
    const { manager, sleeps } = makeManager(clock, endpoint.fetch, { deadlineMs: 10_000 });
    const error = (await manager.getToken().catch((e: unknown) => e)) as TokenEndpointError;
    expect([error.code, error.status, error.retryable, error.retryAfterMs]).toEqual([
      'token_endpoint',
      503,
      true,
      20_000,
    ]);
    expect(sleeps).toEqual([]);
    expect(endpoint.calls).toHaveLength(1);
  });

  it('stops after maxAttempts and rejects with the last error', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [], { fallback: status(500) });
    const { manager } = makeManager(clock, endpoint.fetch, { retry: { maxAttempts: 3 } });
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'token_endpoint', status: 500 });
    expect(endpoint.calls).toHaveLength(3);
    expect(manager.stats()).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });

  it.each([
    [
      '400',
      () => json(400, { error: 'invalid_request', error_description: 'Missing grant type' }),
      'token_endpoint',
    ],
    [
      '401',
      () => json(401, { error: 'invalid_client', error_description: 'Bad client credentials' }),
      'token_endpoint',
    ],
    ['403', () => json(403, { error: 'access_denied' }), 'token_endpoint'],
    ['invalid body', () => json(200, { token_type: 'bearer' }), 'invalid_response'],
    [
      'redirect',
      () => new Response(null, { status: 302, headers: { Location: 'https://elsewhere.test/' } }),
      'token_endpoint',
    ],
  ])('does not retry %s', async (_name, responder, code) => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [responder, SUCCESS]);
    const { manager, sleeps } = makeManager(clock, endpoint.fetch);
    await expect(manager.getToken()).rejects.toMatchObject({ code });
    expect(endpoint.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries network errors (code network)', async () => {
    const clock = new Clock();
    const refused = () =>
      Promise.reject(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
            code: 'ECONNREFUSED',
          }),
        }),
      );
    const endpoint = fakeFetch(clock, [refused, refused], {});
    const { manager } = makeManager(clock, endpoint.fetch, { retry: { maxAttempts: 2 } });
    const error = (await manager.getToken().catch((e: unknown) => e)) as AdumoOAuthError;
    expect(isAdumoOAuthError(error, 'network')).toBe(true);
    expect(error.code).toBe('network');
    expect(error.message).toMatch(
      /^Token request failed: fetch failed: connect ECONNREFUSED 127\.0\.0\.1:1: ECONNREFUSED \(POST https:\/\/auth\.example\.test\/oauth\/token\?.*client_secret=\[REDACTED\]\)$/,
    );
    expect(endpoint.calls).toHaveLength(2);
  });

  it.each([
    ['undefined', () => undefined],
    ['a plain object', () => ({ ok: true, status: 200 })],
    ['a string', () => 'HTTP/1.1 200 OK'],
  ])(
    'a fetch option that resolves %s is a programming error naming the option: not retried, not a network error or timeout',
    async (_name, resolved) => {
      const clock = new Clock();
      const endpoint = fakeFetch(clock, [resolved as never, SUCCESS]);
      const { manager, sleeps } = makeManager(clock, endpoint.fetch, { timeoutMs: 30 });
      const responses: ResponseEvent[] = [];
      manager.on('response', (e) => responses.push(e));
      const error = (await manager.getToken().catch((e: unknown) => e)) as Error;
      expect(isAdumoOAuthError(error, 'network')).toBe(false);
      expect(isAdumoOAuthError(error, 'timeout')).toBe(false);
      expect(isAdumoOAuthError(error)).toBe(false);
      expect(error.name).toBe('TypeError');
      expect(error.message).toMatch(
        /^the fetch option resolved .+ instead of a Response: it must behave like globalThis\.fetch$/,
      );
      expect(endpoint.calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(responses.map((r) => [r.status, r.error?.name])).toEqual([[undefined, 'TypeError']]);
      expect(manager.health()).toMatchObject({ state: 'failing', lastErrorCode: 'unknown' });
    },
  );

  it('times out each attempt (per-attempt timeout) and retries timeouts', async () => {
    const clock = new Clock();
    const hang = (call: { init: RequestInit }) =>
      new Promise<Response>((_, reject) =>
        call.init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const endpoint = fakeFetch(clock, [hang, () => new Promise<Response>(() => {}), SUCCESS]);
    const { manager } = makeManager(clock, endpoint.fetch, { timeoutMs: 30 });
    const retries: TokenManagerEvents['retry'][] = [];
    manager.on('retry', (e) => retries.push(e));
    const token = await manager.getToken();
    expect(token.value).toBe(endpoint.issued[0]);
    expect(retries.map((r) => r.error)).toEqual([
      expect.objectContaining({ code: 'timeout' }),
      expect.objectContaining({ code: 'timeout' }),
    ]);
    expect(retries[0]!.error.message).toMatch(/timed out after 30 ms/);
    expect(endpoint.calls[0]!.init.signal?.aborted).toBe(true);
  });
});

describe('retry.ts: one classifier and one backoff for every "try again"', () => {
  afterEach(() => void vi.useRealTimers());

  it('classifies failure kinds, answers and errors; aborts and closes are never retryable', () => {
    const kinds = ['network', 'timeout', 'truncated', 'too-large', 'invalid'] as const;
    expect(kinds.map((kind) => retryable(kind))).toEqual([true, true, true, false, false]);
    const statuses = [400, 401, 403, 404, 408, 429, 500, 501, 502, 503, 504, 505, 599];
    expect(statuses.filter((status) => retryable({ status }))).toEqual([
      408, 429, 500, 502, 503, 504, 599,
    ]);
    const endpoint = (status: number) =>
      new EndpointError('x', { status, retryable: retryable({ status }) });
    expect([retryable(endpoint(503)), retryable(endpoint(401))]).toEqual([true, false]);
    expect(retryable(new AdumoOAuthError('network', 'x', { retryable: true }))).toBe(true);
    // Even marked retryable, an abort or a close ends the acquisition.
    const aborted = new AdumoOAuthError('aborted', 'x', { retryable: true });
    const closed = new AdumoOAuthError('closed', 'x', { retryable: true });
    expect([retryable(aborted), retryable(closed)]).toEqual([false, false]);
    expect([
      isAbortOrClose(aborted),
      isAbortOrClose(closed),
      isAbortOrClose(endpoint(503)),
    ]).toEqual([true, true, false]);
    expect([retryable(new TypeError('bug')), retryable(undefined), retryable('later')]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('backoff: full, half or no jitter, a cap, a limit, and Retry-After as a floor', () => {
    const base = { baseMs: 1_000, maxMs: 10_000, random: () => 0.5 };
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, { ...base, jitter: 1 }))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, { ...base, jitter: 0.5 }))).toEqual([
      750, 1_500, 3_000, 6_000, 7_500,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, { ...base, jitter: 0 }))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000,
    ]);
    // A misbehaving random source counts as 0.5; no jitter never draws.
    expect(backoff(1, { ...base, jitter: 1, random: () => NaN })).toBe(500);
    const draws = vi.fn(() => 0.5);
    backoff(3, { ...base, jitter: 0, random: draws });
    expect(draws).not.toHaveBeenCalled();
    // The limit shortens the delay, a Retry-After (held within its bounds) never is.
    expect(backoff(4, { ...base, jitter: 0, limitMs: 300 })).toBe(300);
    const after = { minRetryAfterMs: 1_000, maxRetryAfterMs: 5_000 };
    expect(backoff(4, { ...base, jitter: 0, limitMs: 300, retryAfterMs: 2_000, ...after })).toBe(
      2_000,
    );
    expect(backoff(1, { ...base, jitter: 0, retryAfterMs: 0, ...after })).toBe(1_000);
    expect(backoff(1, { ...base, jitter: 1, retryAfterMs: 60_000, ...after })).toBe(5_000);
    expect(backoff(5, { ...base, jitter: 0, retryAfterMs: 2_000, ...after })).toBe(10_000);
  });

  it('the cooldown and the store skip use that backoff', () => {
    const policy = {
      cooldownMinMs: 1_000,
      cooldownMaxMs: 10_000,
      minRetryAfterMs: 1_000,
      maxRetryAfterMs: 30_000,
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 5_000,
      random: () => 0,
    };
    const failures = [1, 2, 3, 4, 5, 6];
    expect(failures.map((n) => cooldownMs(policy, n, undefined, undefined))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
    // A valid token left for 1 s: at most half of it; a Retry-After is still honoured.
    expect(cooldownMs(policy, 3, undefined, 1_000)).toBe(500);
    expect(cooldownMs(policy, 3, undefined, 20)).toBe(100);
    expect(cooldownMs(policy, 3, { retryAfterMs: 7_000 }, 1_000)).toBe(7_000);
    expect(failures.map((n) => storeSkipMs(n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000,
    ]);
  });

  it("LongTimer: one unref'd timer, re-armed past setTimeout's longest delay, cancellable", () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    const timer = new LongTimer();
    timer.set(1_000, () => fired.push('replaced'));
    timer.set(2 ** 31 + 1_000, () => fired.push('long'));
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1_001);
    expect(fired).toEqual(['long']);
    timer.set(10, () => fired.push('cleared'));
    timer.clear();
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(['long']);
  });
});
