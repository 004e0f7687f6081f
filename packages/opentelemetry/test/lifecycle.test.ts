import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockAdumo } from '@adumo-oauth/mock-server';
import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';
import type { TokenManager } from '@adumo-oauth/core';
import { instrument, type InstrumentableTokens } from '../src';
import { createTelemetry } from './otel';
import { manager, startMock } from './setup';

let mock: MockAdumo;
let telemetry: ReturnType<typeof createTelemetry>;
const cleanup: (() => unknown)[] = [];

beforeEach(async () => {
  mock = await startMock();
  telemetry = createTelemetry();
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await telemetry.shutdown();
  await mock.close();
});

function track(tokens: TokenManager): TokenManager {
  cleanup.push(() => tokens.close());
  return tokens;
}

describe('uninstrument()', () => {
  it('removes the listeners and the observable callbacks: no new data points, no new spans', async () => {
    const tokens = track(manager(mock));
    let reads = 0;
    const counted: InstrumentableTokens = {
      on: (name, listener) => tokens.on(name, listener),
      stats: () => (reads++, tokens.stats()),
      health: () => tokens.health(),
    };
    const uninstrument = instrument(counted, telemetry);
    await tokens.getToken();
    const before = await telemetry.collect();
    expect(reads).toBe(1);
    expect(before.value('adumo_oauth.token.requests')).toBe(1);
    expect(before.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'miss' })).toBe(
      1,
    );
    expect(telemetry.spans()).toHaveLength(1);

    uninstrument();
    uninstrument(); // idempotent
    await tokens.getToken({ forceRefresh: true });
    await tokens.getToken();
    expect(tokens.stats()).toMatchObject({ requests: 2, hits: 1, misses: 2 });

    const after = await telemetry.collect();
    expect(reads).toBe(1); // the batch callback is not called any more
    expect(telemetry.spans()).toHaveLength(1);
    // Cumulative totals stay as they were (the SDK repeats the last values) and never grow again.
    expect(after.value('adumo_oauth.token.requests')).toBe(1);
    expect(after.value('adumo_oauth.token.request.duration')).toMatchObject({ count: 1 });
    expect(after.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'miss' })).toBe(
      1,
    );
    expect(after.value('adumo_oauth.cache.lookups', { 'adumo_oauth.cache.result': 'hit' })).toBe(0);
    expect(after.value('adumo_oauth.token.refreshes')).toBe(1);
  });

  it('ends a span still open when it is called mid-request, and records nothing of that request', async () => {
    const tokens = track(manager(mock));
    const uninstrument = instrument(tokens, telemetry);
    mock.faults.latency(200);
    const pending = tokens.getToken();
    await expect.poll(() => mock.stats.snapshot().tokenRequests, { timeout: 5_000 }).toBe(1);
    uninstrument();
    expect(telemetry.spans()).toHaveLength(1);
    await pending;
    expect(telemetry.spans()).toHaveLength(1);
    expect(telemetry.spans()[0]?.attributes['http.response.status_code']).toBeUndefined();
    expect((await telemetry.collect()).points('adumo_oauth.token.requests')).toEqual([]);
  });
});

describe('several sources on one meter provider', () => {
  it('keeps their series apart by name', async () => {
    const a = track(manager(mock));
    const b = track(
      manager(mock, {
        clientId: DEFAULT_CLIENT.clientId,
        clientSecret: DEFAULT_CLIENT.clientSecret,
      }),
    );
    cleanup.push(instrument(a, { ...telemetry, name: 'merchant-a' }));
    cleanup.push(instrument(b, { ...telemetry, name: 'merchant-b' }));
    await a.getToken();
    await a.getToken();
    await b.getToken();
    const m = await telemetry.collect();
    const hits = (name: string) =>
      m.value('adumo_oauth.cache.lookups', {
        'adumo_oauth.client.name': name,
        'adumo_oauth.cache.result': 'hit',
      });
    expect([hits('merchant-a'), hits('merchant-b')]).toEqual([1, 0]);
    expect(m.value('adumo_oauth.token.requests', { 'adumo_oauth.client.name': 'merchant-b' })).toBe(
      1,
    );
    expect(
      telemetry
        .spans()
        .map((s) => s.attributes['adumo_oauth.client.name'])
        .sort(),
    ).toEqual(['merchant-a', 'merchant-b']);
  });

  it('refuses a second source with the same name (their series would overwrite each other)', () => {
    const a = track(manager(mock));
    const b = track(manager(mock));
    const off = instrument(a, telemetry);
    expect(() => instrument(b, telemetry)).toThrow(
      /already instruments a token source without a name; give each one its own `name`/,
    );
    const named = instrument(b, { ...telemetry, name: 'x' });
    expect(() => instrument(a, { ...telemetry, name: 'x' })).toThrow(/named "x"/);
    off();
    named();
    instrument(b, telemetry)(); // freed by uninstrument()
  });
});

describe('bad input', () => {
  it('throws a clear TypeError for something that is not a token source', () => {
    for (const bad of [undefined, null, {}, { on() {}, stats() {} }, 'tokens']) {
      expect(() => instrument(bad as unknown as InstrumentableTokens)).toThrow(
        /^instrument\(\): tokens must be a TokenManager or TokenPool/,
      );
    }
  });
});
