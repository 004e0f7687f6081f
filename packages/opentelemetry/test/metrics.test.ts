import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockAdumo } from '@adumo-oauth/mock-server';
import type { TokenManager } from '@adumo-oauth/core';
import { instrument } from '../src';
import { createTelemetry } from './otel';
import { CLIENT, fakeClock, manager, startMock } from './setup';

type Telemetry = ReturnType<typeof createTelemetry>;
let mock: MockAdumo;
let telemetry: Telemetry;
let clock: ReturnType<typeof fakeClock>;
let tokens: TokenManager | undefined;
let uninstrument: (() => void) | undefined;

beforeEach(async () => {
  clock = fakeClock();
  mock = await startMock(clock.now);
  telemetry = createTelemetry();
});
afterEach(async () => {
  uninstrument?.();
  await tokens?.close();
  await telemetry.shutdown();
  await mock.close();
  tokens = uninstrument = undefined;
});

function start(options: Parameters<typeof manager>[1] = {}): TokenManager {
  tokens = manager(mock, { now: clock.now, ...options });
  uninstrument = instrument(tokens, { ...telemetry, now: clock.now });
  return tokens;
}

describe('metrics of a TokenManager', () => {
  it('count a successful request, its duration, one miss and one hit, and the token lifetime', async () => {
    const tokens = start();
    await tokens.getToken();
    await tokens.getToken();
    const m = await telemetry.collect();

    expect(m.points('adumo_oauth.token.requests').map((p) => [p.attributes, p.value])).toEqual([
      [{ 'http.response.status_code': 200, 'adumo_oauth.outcome': 'success' }, 1],
    ]);
    expect(m.metric('adumo_oauth.token.requests')?.descriptor.unit).toBe('{request}');
    const duration = m.metric('adumo_oauth.token.request.duration');
    expect(duration?.descriptor.unit).toBe('s');
    expect(duration?.dataPoints.map((p) => p.attributes)).toEqual([
      {
        'http.response.status_code': 200,
        'http.request.method': 'POST',
        'server.address': '127.0.0.1',
        'server.port': mock.port,
      },
    ]);
    // The fake clock stands still, so the recorded duration is exactly 0 s: one sample.
    expect(duration?.dataPoints[0]?.value).toMatchObject({ count: 1, sum: 0 });

    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'hit' })).toBe(1);
    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'miss' })).toBe(1);
    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'stale' })).toBe(0);
    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'rejected' })).toBe(
      0,
    );
    expect(m.value('adumo_oauth.token.refreshes')).toBe(1);
    expect(m.value('adumo_oauth.token.refresh.failures')).toBe(0);
    expect(m.value('adumo_oauth.token.retries')).toBe(0);
    expect(m.value('adumo_oauth.store.hits')).toBe(0);
    expect(m.value('adumo_oauth.store.errors')).toBe(0);
    expect(m.value('adumo_oauth.token.remaining_lifetime')).toBe(CLIENT.tokenLifetimeSeconds);
    expect(m.value('adumo_oauth.token.status', { 'adumo_oauth.token.state': 'ok' })).toBe(1);
    for (const state of ['stale', 'failing', 'empty']) {
      expect(m.value('adumo_oauth.token.status', { 'adumo_oauth.token.state': state })).toBe(0);
    }

    clock.advance(100_500);
    const later = await telemetry.collect();
    expect(later.value('adumo_oauth.token.remaining_lifetime')).toBe(499.5);
  });

  it('report an empty source before the first call: lifetime 0, state empty, no requests', async () => {
    start();
    const m = await telemetry.collect();
    expect(m.points('adumo_oauth.token.requests')).toEqual([]);
    expect(m.value('adumo_oauth.token.remaining_lifetime')).toBe(0);
    expect(m.value('adumo_oauth.token.status', { 'adumo_oauth.token.state': 'empty' })).toBe(1);
    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'miss' })).toBe(0);
  });

  it('count a retried 503 by outcome and status, with error.type on its duration', async () => {
    const tokens = start();
    mock.faults.failTokenRequests({ status: 503, count: 1 });
    await tokens.getToken();
    const m = await telemetry.collect();

    const requests = m.points('adumo_oauth.token.requests').map((p) => [p.attributes, p.value]);
    expect(requests).toEqual(
      expect.arrayContaining([
        [{ 'http.response.status_code': 503, 'adumo_oauth.outcome': 'token_endpoint' }, 1],
        [{ 'http.response.status_code': 200, 'adumo_oauth.outcome': 'success' }, 1],
      ]),
    );
    expect(requests).toHaveLength(2);
    expect(m.value('adumo_oauth.token.request.duration', { 'error.type': '503' })).toMatchObject({
      count: 1,
    });
    expect(m.value('adumo_oauth.token.retries')).toBe(1);
    expect(m.value('adumo_oauth.token.refreshes')).toBe(1);
    expect(m.value('adumo_oauth.token.refresh.failures')).toBe(0);
    expect(tokens.stats()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('count a refused client (wrong secret): failure, state failing, then a cooldown rejection', async () => {
    const tokens = start({ clientSecret: 'not-the-secret' });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'token_endpoint', status: 401 });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'token_endpoint' });
    const m = await telemetry.collect();

    expect(m.points('adumo_oauth.token.requests').map((p) => [p.attributes, p.value])).toEqual([
      [{ 'http.response.status_code': 401, 'adumo_oauth.outcome': 'token_endpoint' }, 1],
    ]);
    expect(m.value('adumo_oauth.token.request.duration')).toMatchObject({ count: 1 });
    expect(m.points('adumo_oauth.token.request.duration')[0]?.attributes['error.type']).toBe('401');
    expect(m.value('adumo_oauth.token.refresh.failures')).toBe(1);
    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'miss' })).toBe(1);
    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'rejected' })).toBe(
      1,
    );
    expect(m.value('adumo_oauth.token.status', { 'adumo_oauth.token.state': 'failing' })).toBe(1);
    expect(m.value('adumo_oauth.token.remaining_lifetime')).toBe(0);
  });

  it('count stale-if-error: the previous token served while refreshes fail, state stale', async () => {
    const tokens = start({ retry: { maxAttempts: 1 } });
    const first = await tokens.getToken();
    clock.advance(570_000); // inside the must-refresh window (last 10 %), still valid
    mock.faults.failTokenRequests({ status: 503 });
    await expect(tokens.getToken()).resolves.toBe(first); // waited, refresh failed, served stale
    await expect(tokens.getToken()).resolves.toBe(first); // cooldown: stale at once
    const m = await telemetry.collect();

    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'miss' })).toBe(2);
    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'stale' })).toBe(2);
    expect(m.value('adumo_oauth.token.refresh.failures')).toBe(1);
    expect(m.value('adumo_oauth.token.status', { 'adumo_oauth.token.state': 'stale' })).toBe(1);
    expect(m.value('adumo_oauth.token.remaining_lifetime')).toBe(30);
  });

  it('count a network failure without a status code', async () => {
    const closed = await startMock();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const tokens = start({ baseUrl, retry: { maxAttempts: 1 } });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'network' });
    const m = await telemetry.collect();
    expect(m.points('adumo_oauth.token.requests').map((p) => [p.attributes, p.value])).toEqual([
      [{ 'adumo_oauth.outcome': 'network' }, 1],
    ]);
    expect(m.points('adumo_oauth.token.request.duration')[0]?.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(baseUrl).port),
      'error.type': 'network',
    });
  });
});
