import { afterEach, describe, expect, it } from 'vitest';
import { Gate } from '../../src/pool/gate';
import { Clock } from '../helpers';
import { clientIdClaim, clientIdOf, mockWithMerchants, poolOn } from './helpers';
import { callAll, drain, fairPool, flush, heldEndpoint } from './fair';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const never = new AbortController().signal;

describe('TokenPool maxConcurrentRequests', () => {
  it('a cold start of 40 merchants keeps at most 4 token requests in flight, and every merchant gets its token', async () => {
    const { mock, credentials } = await mockWithMerchants(40);
    const { pool } = poolOn(mock, credentials, { maxConcurrentRequests: 4 });
    cleanup.push(
      () => pool.close(),
      () => mock.close(),
    );
    mock.faults.latency(30);
    let inFlight = 0;
    let peak = 0;
    pool.on('request', () => void (peak = Math.max(peak, ++inFlight)));
    pool.on('response', () => void inFlight--);
    const tokens = await Promise.all(
      Array.from({ length: 40 }, (_, i) => pool.getToken(`merchant-${i + 1}`)),
    );
    tokens.forEach((t, i) => expect(clientIdClaim(t)).toBe(clientIdOf(i + 1)));
    expect(peak).toBe(4);
    expect(inFlight).toBe(0);
    expect(mock.stats.tokenRequests).toBe(40);
  });

  it('rejects a bad value with a ConfigError', async () => {
    const { mock, credentials } = await mockWithMerchants(1);
    cleanup.push(() => mock.close());
    expect(() => poolOn(mock, credentials, { maxConcurrentRequests: 0 })).toThrow(
      /TokenPool: maxConcurrentRequests/,
    );
  });
});

describe('Gate', () => {
  it('admits in order, frees a slot on release (once), and drops a waiter whose signal aborts', async () => {
    const gate = new Gate({ limit: 1 });
    const first = await gate.enter(never);
    const order: string[] = [];
    const aborted = new AbortController();
    const second = gate.enter(never).then((release) => (order.push('second'), release));
    const dropped = gate.enter(aborted.signal).then(
      () => order.push('dropped admitted'),
      (e: unknown) => order.push(`dropped: ${String(e)}`),
    );
    const third = gate.enter(never).then((release) => (order.push('third'), release));
    aborted.abort(new Error('caller gone'));
    await dropped;
    first();
    first(); // a second release does nothing
    (await second)();
    (await third)();
    expect(order).toEqual(['dropped: Error: caller gone', 'second', 'third']);
    expect(gate.active).toBe(0);
  });

  it('serves the healthy lane first, and the failing lane holds at most its share of the slots', async () => {
    const gate = new Gate({ limit: 4, failingShare: 0.5 }); // the failing lane: 2 slots
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    const enter = (name: string, failing: boolean): void =>
      void gate.enter(never, failing).then((release) => {
        order.push(name);
        releases.set(name, release);
      });
    for (let i = 1; i <= 5; i++) enter(`F${i}`, true);
    await flush();
    expect(order).toEqual(['F1', 'F2']); // two free slots stay free for healthy requests
    expect(gate.activeFailing).toBe(2);
    enter('H1', false);
    enter('H2', false);
    enter('H3', false); // the gate is full: waits
    await flush();
    expect(order).toEqual(['F1', 'F2', 'H1', 'H2']);
    releases.get('F1')!(); // a failing request ends: the waiting healthy one goes first
    await flush();
    expect(order).toEqual(['F1', 'F2', 'H1', 'H2', 'H3']);
    releases.get('H1')!(); // a free slot, no healthy waiter: the next failing one
    await flush();
    expect(order.at(-1)).toBe('F3');
    expect(gate.activeFailing).toBe(2);
    releases.get('H2')!(); // free, but the failing lane holds its share already
    await flush();
    expect(order.at(-1)).toBe('F3');
    expect(gate.active).toBe(3);
  });
});

describe('TokenPool fair scheduling', () => {
  it('with 50 failing merchants saturating the gate, a healthy merchant’s refresh is admitted next, not after the failing queue', async () => {
    const clock = new Clock();
    const endpoint = heldEndpoint(clock, (id) => id.startsWith('bad-'));
    // 10 slots: the failing lane may hold 2 (20 %).
    const { pool } = fairPool(clock, endpoint.fetch, { maxConcurrentRequests: 10 });
    cleanup.push(() => pool.close());
    const bad = Array.from({ length: 50 }, (_, i) => `bad-${i + 1}`);
    const good = Array.from({ length: 9 }, (_, i) => `good-${i + 1}`);
    // Every merchant once: the good ones hold a token, the bad ones failed (wrong secret).
    await drain(endpoint, callAll(pool, [...good, ...bad]));
    expect(pool.stats()).toMatchObject({ requests: 59, failures: 50 });
    clock.advance(60_000); // past every cooldown
    endpoint.sent.length = 0;

    // The failing merchants call again: two slots at most are theirs, 48 wait.
    const again = callAll(pool, bad);
    await flush();
    expect(endpoint.sent).toEqual(['bad-1', 'bad-2']);
    // Eight good merchants refresh (forced): the eight free slots, at once.
    const refreshes = good.slice(0, 8).map((id) => pool.getToken(id, { forceRefresh: true }));
    await flush();
    expect(endpoint.sent.slice(2)).toEqual(good.slice(0, 8));
    // The gate is full; good-9 refreshes, then a failing request ends: good-9 goes next.
    const ninth = pool.getToken('good-9', { forceRefresh: true });
    await flush();
    expect(endpoint.sent).toHaveLength(10);
    endpoint.answer('bad-1');
    await flush();
    expect(endpoint.sent.slice(10)).toEqual(['good-9']);
    // A good refresh ends: its slot goes to the failing lane (one of its two slots is free).
    endpoint.answer('good-1');
    await flush();
    expect(endpoint.sent.slice(11)).toEqual(['bad-3']);
    await drain(endpoint, Promise.all([again, ninth, ...refreshes]));
    expect(endpoint.sent.slice(12).every((id) => id.startsWith('bad-'))).toBe(true);
    expect(endpoint.sent).toHaveLength(59);
  });

  it('a retry waits in the failing lane: a healthy request that came later goes first', async () => {
    const clock = new Clock();
    const endpoint = heldEndpoint(clock, () => false);
    const { pool } = fairPool(clock, endpoint.fetch, { maxConcurrentRequests: 1 });
    cleanup.push(() => pool.close());
    const flaky = pool.getToken('flaky');
    await flush();
    const one = pool.getToken('good-1');
    await flush();
    endpoint.answer('flaky', 503); // retryable: flaky's second attempt waits for a slot
    await flush();
    const two = pool.getToken('good-2'); // healthy, after the retry: still first
    await flush();
    endpoint.answer('good-1');
    await flush();
    endpoint.answer('good-2');
    await flush();
    endpoint.answer('flaky');
    await Promise.all([flaky, one, two]);
    expect(endpoint.sent).toEqual(['flaky', 'good-1', 'good-2', 'flaky']);
    expect(pool.stats()).toMatchObject({ requests: 4, retries: 1 });
  });
});
