import { afterEach, describe, expect, it } from 'vitest';
import { Clock } from '../helpers';
import { callAll, fairPool, heldEndpoint } from './fair';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

function count(ids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of ids) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}

describe('TokenPool failure memory beyond eviction', () => {
  it('maxMerchants 10, 200 failing merchants called every 100 ms for 10 s: token requests bounded by their cooldowns, not by evictions', async () => {
    const clock = new Clock(0);
    const endpoint = heldEndpoint(clock, () => true, false);
    const { pool, lookups } = fairPool(clock, endpoint.fetch, {
      maxMerchants: 10,
      maxRequestsPerSecond: Infinity,
    });
    cleanup.push(() => pool.close());
    const bad = Array.from({ length: 200 }, (_, i) => `bad-${i + 1}`);
    for (let step = 0; step < 100; step++) {
      await callAll(pool, bad);
      clock.advance(100);
    }
    // Cooldowns (random 0.5): 750 ms, 1.5 s, 3 s, 6 s → requests at 0, 0.8, 2.3 and 5.3 s.
    const requests = count(endpoint.sent);
    expect(requests.size).toBe(200);
    expect([...requests.values()].every((n) => n === 4)).toBe(true);
    const resolverCalls = count(lookups);
    expect([...resolverCalls.values()].every((n) => n <= 4)).toBe(true);
    const stats = pool.stats();
    expect(stats.requests).toBe(800); // without the memory: one per call, 20,000
    expect(stats.evictions).toBeGreaterThan(700); // they did cycle through the pool
    expect(stats.cooldownRejections).toBeGreaterThan(19_000);
  });

  it('a rebuilt merchant takes up its failures (the cooldown keeps growing); forget() clears them', async () => {
    const clock = new Clock(0);
    const endpoint = heldEndpoint(clock, (id) => id === 'bad', false);
    const { pool, lookups } = fairPool(clock, endpoint.fetch, { maxMerchants: 1 });
    cleanup.push(() => pool.close());
    await expect(pool.getToken('bad')).rejects.toMatchObject({ status: 401 });
    await pool.getToken('good'); // a newcomer: served, not kept
    await pool.getToken('good'); // called again: kept, evicts 'bad' (failed once; cooling down 750 ms)
    expect(pool.stats('bad')).toBeUndefined();
    await expect(pool.getToken('bad')).rejects.toMatchObject({ status: 401 });
    expect(lookups.filter((id) => id === 'bad')).toHaveLength(1); // answered from memory
    expect(endpoint.sent.filter((id) => id === 'bad')).toHaveLength(1);
    clock.advance(750);
    await expect(pool.getToken('bad')).rejects.toMatchObject({ status: 401 });
    expect(pool.stats('bad')).toMatchObject({ consecutiveFailures: 2 }); // 1 before eviction
    expect(pool.health('bad').retryAt).toBe(clock.ms + 1_500); // the second step of the cooldown
    await pool.getToken('good'); // evicts it again
    clock.advance(1_000);
    await expect(pool.getToken('bad')).rejects.toMatchObject({ status: 401 });
    expect(endpoint.sent.filter((id) => id === 'bad')).toHaveLength(2);
    await pool.forget('bad');
    await expect(pool.getToken('bad')).rejects.toMatchObject({ status: 401 });
    expect(endpoint.sent.filter((id) => id === 'bad')).toHaveLength(3);
    expect(pool.stats('bad')).toMatchObject({ consecutiveFailures: 1 });
  });
});
