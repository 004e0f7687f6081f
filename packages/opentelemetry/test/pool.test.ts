import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, type MockAdumo } from '@adumo-oauth/mock-server';
import { TokenPool, type AccessToken } from '@adumo-oauth/core';
import { instrument, type InstrumentOptions } from '../src';
import { createTelemetry, useAsyncContext } from './otel';
import { CLIENT, fakeClock, startMock } from './setup';

const WRONG_SECRET = 'p00l/+=&? wrong';
const MERCHANTS: Record<string, { clientId: string; clientSecret: string }> = {
  'merchant-a': CLIENT,
  'merchant-b': DEFAULT_CLIENT,
  'merchant-bad': { clientId: CLIENT.clientId, clientSecret: WRONG_SECRET },
};

let mock: MockAdumo;
let telemetry: ReturnType<typeof createTelemetry>;
let clock: ReturnType<typeof fakeClock>;
let pool: TokenPool;
let uninstrument: () => void;

beforeEach(async () => {
  useAsyncContext();
  clock = fakeClock();
  mock = await startMock(clock.now);
  telemetry = createTelemetry();
});
afterEach(async () => {
  uninstrument();
  await pool.close();
  await telemetry.shutdown();
  await mock.close();
});

function start(options: InstrumentOptions = {}): TokenPool {
  pool = new TokenPool({
    baseUrl: mock.baseUrl,
    now: clock.now,
    retry: { maxAttempts: 1 },
    credentials: (id) => MERCHANTS[id],
  });
  uninstrument = instrument(pool, { ...telemetry, now: clock.now, ...options });
  return pool;
}

/** Two good merchants (one asked twice), one refused, one unknown to the resolver. */
async function traffic(pool: TokenPool): Promise<AccessToken[]> {
  const tokens = [
    await pool.getToken('merchant-a'),
    await pool.getToken('merchant-a'),
    await pool.getToken('merchant-b'),
  ];
  await expect(pool.getToken('merchant-bad')).rejects.toMatchObject({ status: 401 });
  await expect(pool.getToken('nobody')).rejects.toMatchObject({ code: 'unknown_merchant' });
  return tokens;
}

describe('instrument(TokenPool)', () => {
  it('by default: pool totals and merchants by state, and no merchant id anywhere', async () => {
    const tokens = await traffic(start());
    const m = await telemetry.collect();

    expect(m.points('adumo_oauth.token.requests').map((p) => [p.attributes, p.value])).toEqual(
      expect.arrayContaining([
        [{ 'http.response.status_code': 200, 'adumo_oauth.outcome': 'success' }, 2],
        [{ 'http.response.status_code': 401, 'adumo_oauth.outcome': 'token_endpoint' }, 1],
      ]),
    );
    expect(m.points('adumo_oauth.token.requests')).toHaveLength(2);
    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'hit' })).toBe(1);
    expect(m.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'miss' })).toBe(3);
    expect(m.value('adumo_oauth.token.refresh.failures')).toBe(1);
    expect(m.value('adumo_oauth.pool.credential_lookups')).toBe(4);
    expect(m.value('adumo_oauth.pool.credential_failures')).toBe(1);
    expect(m.value('adumo_oauth.pool.evictions')).toBe(0);
    const byState = (state: string) =>
      m.value('adumo_oauth.pool.merchants', { 'adumo_oauth.token.state': state });
    expect(['ok', 'stale', 'failing', 'empty'].map(byState)).toEqual([2, 0, 1, 0]);
    // Without merchantAttribute there is no per-token series for a pool.
    expect(m.points('adumo_oauth.token.remaining_lifetime')).toEqual([]);
    expect(m.points('adumo_oauth.token.status')).toEqual([]);

    const spans = telemetry.spans();
    expect(spans).toHaveLength(3);
    const output = JSON.stringify(m.raw) + inspect(spans, { depth: 6 });
    for (const id of Object.keys(MERCHANTS)) expect(output).not.toContain(id);
    for (const needle of [
      CLIENT.clientSecret,
      encodeURIComponent(CLIENT.clientSecret),
      DEFAULT_CLIENT.clientSecret,
      WRONG_SECRET,
      encodeURIComponent(WRONG_SECRET),
      ...tokens.map((t) => t.value.slice(0, 20)),
    ]) {
      expect(output).not.toContain(needle);
    }
  });

  it('with merchantAttribute: merchant ids on requests and spans, a lifetime and status per merchant', async () => {
    const tokens = await traffic(start({ merchantAttribute: true }));
    const m = await telemetry.collect();

    const requests = (merchant: string) =>
      m.value('adumo_oauth.token.requests', { 'adumo_oauth.merchant.id': merchant });
    expect(['merchant-a', 'merchant-b', 'merchant-bad'].map(requests)).toEqual([1, 1, 1]);
    expect(
      m
        .points('adumo_oauth.token.request.duration')
        .map((p) => p.attributes['adumo_oauth.merchant.id'])
        .sort(),
    ).toEqual(['merchant-a', 'merchant-b', 'merchant-bad']);
    expect(
      telemetry
        .spans()
        .map((s) => s.attributes['adumo_oauth.merchant.id'])
        .sort(),
    ).toEqual(['merchant-a', 'merchant-b', 'merchant-bad']);

    const lifetime = (merchant: string) =>
      m.value('adumo_oauth.token.remaining_lifetime', { 'adumo_oauth.merchant.id': merchant });
    expect(lifetime('merchant-a')).toBe((tokens[0]!.expiresAt - clock.now()) / 1000);
    expect(lifetime('merchant-b')).toBe((tokens[2]!.expiresAt - clock.now()) / 1000);
    expect(lifetime('merchant-bad')).toBe(0);
    const status = (merchant: string, state: string) =>
      m.value('adumo_oauth.token.status', {
        'adumo_oauth.merchant.id': merchant,
        'adumo_oauth.token.state': state,
      });
    expect([status('merchant-a', 'ok'), status('merchant-b', 'ok')]).toEqual([1, 1]);
    expect([status('merchant-bad', 'failing'), status('merchant-bad', 'ok')]).toEqual([1, 0]);
    // The unknown merchant never reached the token endpoint: no series of its own.
    expect(JSON.stringify(m.raw)).not.toContain('nobody');
    // Counters from stats() are pool totals: never per merchant.
    expect(
      m
        .points('adumo_oauth.cache.lookups')
        .every((p) => !('adumo_oauth.merchant.id' in p.attributes)),
    ).toBe(true);
  });

  it('reports a forgotten merchant once as empty, then stops reading it', async () => {
    const pool = start({ merchantAttribute: true });
    await pool.getToken('merchant-a');
    await telemetry.collect();
    let reads = 0;
    const health = pool.health.bind(pool) as (id?: string) => unknown;
    (pool as unknown as { health: (id?: string) => unknown }).health = (id?: string) => {
      if (id !== undefined) reads++;
      return health(id);
    };
    await pool.forget('merchant-a');
    const after = await telemetry.collect();
    expect(reads).toBe(1);
    expect(
      after.value('adumo_oauth.token.status', {
        'adumo_oauth.merchant.id': 'merchant-a',
        'adumo_oauth.token.state': 'empty',
      }),
    ).toBe(1);
    expect(
      after.value('adumo_oauth.token.remaining_lifetime', {
        'adumo_oauth.merchant.id': 'merchant-a',
      }),
    ).toBe(0);
    await telemetry.collect();
    expect(reads).toBe(1); // let go: not read any more
  });
});
