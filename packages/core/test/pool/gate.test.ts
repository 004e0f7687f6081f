import { afterEach, describe, expect, it } from 'vitest';
import { Gate } from '../../src/pool/gate';
import { clientIdClaim, clientIdOf, mockWithMerchants, poolOn } from './helpers';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

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
    const gate = new Gate(1);
    const never = new AbortController().signal;
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
});
