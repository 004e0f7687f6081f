import { afterEach, describe, expect, it } from 'vitest';
import { Gate } from '../../src/pool/gate';
import { Clock } from '../helpers';
import { FakeTimers, callAll, fairPool, flush, heldEndpoint } from './fair';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** How many of `times` (ms) fall in each whole second, from the first. */
function perSecond(times: readonly number[]): number[] {
  const counts: number[] = [];
  for (const t of times) {
    const s = Math.floor(t / 1000);
    while (counts.length <= s) counts.push(0);
    counts[s]!++;
  }
  return counts;
}

describe('Gate rate', () => {
  it('admits at most perSecond a second (bursts of one second’s worth), the failing lane its share (no burst)', async () => {
    const clock = new Clock(0);
    const timers = new FakeTimers(clock);
    const gate = new Gate({
      limit: 1_000,
      perSecond: 10,
      failingShare: 0.2,
      now: clock.now,
      sleep: timers.sleep,
    });
    const admitted: string[] = [];
    const enter = (name: string, failing: boolean): void =>
      void gate.enter(undefined, failing).then(() => admitted.push(`${name}@${clock.ms}`));
    for (let i = 1; i <= 4; i++) enter(`F${i}`, true);
    for (let i = 1; i <= 12; i++) enter(`H${i}`, false);
    await flush();
    // A full bucket: the failing lane's 1 (its bucket holds one), then healthy ones up to the 10.
    expect(admitted).toEqual(['F1@0', ...Array.from({ length: 9 }, (_, i) => `H${i + 1}@0`)]);
    await timers.advance(900);
    // Healthy waiters first, one every 100 ms; then the failing lane at its own 2 a second.
    expect(admitted.slice(10)).toEqual(['H10@100', 'H11@200', 'H12@300', 'F2@500']);
    await timers.advance(600);
    expect(admitted.slice(14)).toEqual(['F3@1000', 'F4@1500']);
    expect(gate.active).toBe(16);
  });
});

describe('Gate rate with a clock that does not move', () => {
  it('a frozen `now` (a test clock, a stepped-back server clock) still admits every waiter: the time slept counts', async () => {
    let slept = 0;
    const gate = new Gate({
      limit: 1_000,
      perSecond: 10,
      failingShare: 0.2,
      now: () => 5_000,
      sleep: async (ms) => {
        slept += ms;
        await Promise.resolve();
      },
    });
    let admitted = 0;
    const entries = Array.from({ length: 30 }, (_, i) =>
      gate.enter(undefined, i % 3 === 0).then(() => void admitted++),
    );
    await Promise.all(entries);
    expect(admitted).toBe(30);
    // The bucket refilled by sleeping, not by the clock: about 2 s of sleeps for 20 more admissions
    // at 10 a second (the failing lane's 10 at 2 a second took longest).
    expect(slept).toBeGreaterThanOrEqual(1_500);
  });
});

describe('TokenPool maxRequestsPerSecond', () => {
  it('1,000 failing merchants called every 100 ms for 10 s: at most 100 token requests a second (20 % of 500), while a healthy merchant refreshes at once', async () => {
    const clock = new Clock(0);
    const timers = new FakeTimers(clock);
    const endpoint = heldEndpoint(clock, (id) => id.startsWith('bad-'), false);
    const { pool } = fairPool(clock, endpoint.fetch, {}, timers);
    cleanup.push(() => pool.close());
    const bad = Array.from({ length: 1_000 }, (_, i) => `bad-${i + 1}`);
    await pool.getToken('good');
    // Each fails once (cold: the healthy lane, 500 a second).
    const first = callAll(pool, bad);
    while (pool.stats().failures < 1_000) await timers.advance(100);
    await first;
    expect(pool.stats()).toMatchObject({ requests: 1_001, failures: 1_000 });
    const start = clock.ms;
    const times: number[] = [];
    pool.on('request', (e) => void (e.merchantId === 'good' || times.push(clock.ms - start)));
    const calls: Promise<unknown>[] = [];
    for (let step = 1; step <= 100; step++) {
      await timers.advance(100);
      calls.push(callAll(pool, bad));
      await flush();
      if (step === 50) {
        // The failing lane has a backlog held back by its rate; a healthy refresh goes at once.
        const sent = endpoint.sent.length;
        const refresh = pool.getToken('good', { forceRefresh: true });
        await flush();
        expect(endpoint.sent.slice(sent)).toEqual(['good']);
        await refresh;
      }
    }
    const counts = perSecond(times.filter((t) => t < 10_000));
    expect(counts).toHaveLength(10);
    // The failing lane's bucket starts full (100): at most 100 + 100 in the first second.
    expect(counts[0]).toBeLessThanOrEqual(200);
    for (const n of counts.slice(1)) expect(n).toBeLessThanOrEqual(100);
    expect(counts.slice(1).every((n) => n >= 95)).toBe(true); // a backlog: the ceiling held it
    await pool.close();
    await Promise.all(calls);
  });

  it('a cold start of 10,000 merchants completes under the default ceiling: 500 a second, every merchant one request', async () => {
    const clock = new Clock(0);
    const endpoint = heldEndpoint(clock, () => false, false);
    const { pool } = fairPool(clock, endpoint.fetch);
    cleanup.push(() => pool.close());
    const times: number[] = [];
    pool.on('request', () => void times.push(clock.ms));
    const ids = Array.from({ length: 10_000 }, (_, i) => `m-${i + 1}`);
    const tokens = await Promise.all(ids.map((id) => pool.getToken(id)));
    expect(tokens).toHaveLength(10_000);
    expect(endpoint.sent).toHaveLength(10_000);
    expect(new Set(endpoint.sent).size).toBe(10_000);
    const counts = perSecond(times);
    expect(counts[0]).toBeLessThanOrEqual(1_000); // the burst (500) and one second's worth
    expect(counts[0]).toBeGreaterThan(950);
    for (const n of counts.slice(1)) expect(n).toBeLessThanOrEqual(500);
    expect(clock.ms).toBeLessThan(20_000); // inside the default deadlineMs (30 s)
  }, 30_000);

  it('maxRequestsPerSecond: Infinity has no ceiling; bad values are refused', () => {
    const clock = new Clock(0);
    const endpoint = heldEndpoint(clock, () => false, false);
    expect(() => fairPool(clock, endpoint.fetch, { maxRequestsPerSecond: 0 })).toThrow(
      /TokenPool: maxRequestsPerSecond must be a number between 1 and Infinity/,
    );
    expect(() => fairPool(clock, endpoint.fetch, { failingShare: 0 })).toThrow(
      /TokenPool: failingShare must be a number between 0.01 and 1/,
    );
    const { pool } = fairPool(clock, endpoint.fetch, { maxRequestsPerSecond: Infinity });
    cleanup.push(() => pool.close());
    return Promise.all(Array.from({ length: 2_000 }, (_, i) => pool.getToken(`m-${i + 1}`))).then(
      () => {
        expect(endpoint.sent).toHaveLength(2_000);
        expect(clock.ms).toBe(0); // nothing waited for the rate
      },
    );
  });
});

describe('TokenPool new lane', () => {
  it('1,000 wrong-secret merchants never seen before, called every 100 ms for 10 s: at most 20 % of the ceiling from their first request on', async () => {
    const clock = new Clock(0);
    const timers = new FakeTimers(clock);
    const endpoint = heldEndpoint(clock, (id) => id.startsWith('bad-'), false);
    const { pool } = fairPool(clock, endpoint.fetch, {}, timers);
    cleanup.push(() => pool.close());
    await pool.getToken('good'); // a new merchant that succeeds: no credit for the bad ones later
    await timers.advance(2_000);
    const start = clock.ms;
    const times: number[] = [];
    pool.on('request', (e) => void (e.merchantId === 'good' || times.push(clock.ms - start)));
    const bad = Array.from({ length: 1_000 }, (_, i) => `bad-${i + 1}`);
    const calls: Promise<unknown>[] = [];
    for (let step = 0; step < 100; step++) {
      calls.push(callAll(pool, bad));
      await timers.advance(100);
    }
    const window = times.filter((t) => t < 10_000);
    // 100 a second (20 % of 500) and the failing bucket's one token: ≤ 1,001 in 10 s.
    expect(window.length).toBeLessThanOrEqual(1_001);
    expect(window.length).toBeGreaterThanOrEqual(950); // the share is used, not starved
    for (const n of perSecond(window)) expect(n).toBeLessThanOrEqual(101);
    await pool.close();
    await Promise.all(calls);
  }, 30_000);

  it('new merchants that succeed are not held to the failing share: 2,000 at once go at the full rate', async () => {
    const clock = new Clock(0);
    const endpoint = heldEndpoint(clock, () => false, false);
    const { pool } = fairPool(clock, endpoint.fetch); // sleeps advance the clock
    cleanup.push(() => pool.close());
    const times: number[] = [];
    pool.on('request', () => void times.push(clock.ms));
    const tokens = await Promise.all(
      Array.from({ length: 2_000 }, (_, i) => pool.getToken(`m-${i + 1}`)),
    );
    expect(tokens).toHaveLength(2_000);
    // Each success lets two more in: the burst (500) and 500 more in the first second, not 100.
    expect(perSecond(times)[0]).toBeGreaterThan(950);
    expect(endpoint.sent).toHaveLength(2_000);
  });
});
