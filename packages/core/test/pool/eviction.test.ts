import { afterEach, describe, expect, it } from 'vitest';
import { Clock } from '../helpers';
import { clientIdClaim, clientIdOf, mockWithMerchants, poolOn } from './helpers';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function setup(count: number, overrides: Parameters<typeof poolOn>[2], clock?: Clock) {
  const { mock, credentials } = await mockWithMerchants(count, clock ? { now: clock.now } : {});
  const made = poolOn(mock, credentials, overrides, clock);
  cleanup.push(
    () => made.pool.close(),
    () => mock.close(),
  );
  return { mock, credentials, ...made };
}

describe('TokenPool memory bounds', () => {
  it('keeps at most maxMerchants; a newcomer called once is not kept in a full pool, called again it replaces the oldest merchant not called since it came', async () => {
    const { pool, lookups } = await setup(40, { maxMerchants: 10 });
    for (let i = 1; i <= 10; i++) await pool.getToken(`merchant-${i}`);
    expect(pool.stats().merchants).toBe(10);
    for (let i = 11; i <= 40; i++) {
      await pool.getToken('merchant-1'); // hot: used between every insertion
      await pool.getToken(`merchant-${i}`); // once: served, not kept
      expect(pool.stats().merchants).toBeLessThanOrEqual(10);
    }
    expect(pool.stats()).toMatchObject({ merchants: 10, evictions: 30 });
    await pool.getToken('merchant-1');
    await pool.getToken('merchant-2');
    expect(lookups.get('merchant-1')).toBe(1); // never evicted
    expect(lookups.get('merchant-2')).toBe(1); // kept: one-time newcomers did not push it out
    await pool.getToken('merchant-40'); // called again: kept now, merchant-3 goes
    expect(lookups.get('merchant-40')).toBe(2);
    expect(pool.stats('merchant-40')).toBeDefined();
    expect(pool.stats('merchant-3')).toBeUndefined();
    await pool.getToken('merchant-40');
    expect(lookups.get('merchant-40')).toBe(2);
  });

  it('evicting a merchant whose refresh is in flight is safe: its callers still get its token', async () => {
    const { mock, pool } = await setup(5, { maxMerchants: 2 });
    mock.faults.latency(150);
    const slow = Promise.all([pool.getToken('merchant-1'), pool.getToken('merchant-1')]);
    await new Promise((r) => setTimeout(r, 20)); // merchant-1 is adopted and its request is in flight
    mock.faults.latency(0);
    // Called twice each (a newcomer is kept at its second call): they push merchant-1 out.
    for (let i = 2; i <= 5; i++) for (const _ of [1, 2]) await pool.getToken(`merchant-${i}`);
    expect(pool.stats('merchant-1')).toBeUndefined();
    const [a, b] = await slow;
    expect(clientIdClaim(a)).toBe(clientIdOf(1));
    expect(b.value).toBe(a.value);
    expect(clientIdClaim(await pool.getToken('merchant-1'))).toBe(clientIdOf(1));
  });

  it('a late token of an evicted merchant never answers the merchant that took its place in memory', async () => {
    const { mock, pool } = await setup(6, { maxMerchants: 2 });
    mock.faults.latency(150);
    const late = pool.getToken('merchant-1');
    await new Promise((r) => setTimeout(r, 20)); // merchant-1 is in memory, its request in flight
    mock.faults.latency(0);
    for (let i = 2; i <= 3; i++) for (const _ of [1, 2]) await pool.getToken(`merchant-${i}`);
    expect(pool.stats('merchant-1')).toBeUndefined(); // its place went to merchant-2 or -3
    const before = pool.stats().requests;
    expect(clientIdClaim(await late)).toBe(clientIdOf(1));
    for (let round = 0; round < 3; round++)
      for (const i of [2, 3])
        expect(clientIdClaim(await pool.getToken(`merchant-${i}`))).toBe(clientIdOf(i));
    expect(pool.stats().requests).toBe(before); // hits only
    expect(clientIdClaim(await pool.getToken('merchant-1'))).toBe(clientIdOf(1));
  });

  it('a late token from before forget() never answers the merchant rebuilt with new credentials', async () => {
    const { mock, credentials, pool } = await setup(1, {});
    mock.faults.latency(150);
    const late = pool.getToken('merchant-1');
    await new Promise((r) => setTimeout(r, 20)); // its request with the old credentials is in flight
    mock.faults.latency(0);
    mock.clients.add({ clientId: 'client-1b', clientSecret: 'new-secret-1b' });
    credentials.set('merchant-1', { clientId: 'client-1b', clientSecret: 'new-secret-1b' });
    await pool.forget('merchant-1');
    expect(clientIdClaim(await pool.getToken('merchant-1'))).toBe('client-1b');
    expect(clientIdClaim(await late)).toBe(clientIdOf(1)); // its own callers get it
    const before = pool.stats().requests;
    for (let round = 0; round < 3; round++)
      expect(clientIdClaim(await pool.getToken('merchant-1'))).toBe('client-1b');
    expect(pool.stats().requests).toBe(before); // hits only
  });

  it('drops merchants idle for idleMs (at most twice that) and keeps the ones in use', async () => {
    const clock = new Clock(Date.now());
    const { pool, lookups } = await setup(4, { idleMs: 60_000 }, clock);
    for (let i = 1; i <= 3; i++) await pool.getToken(`merchant-${i}`);
    clock.advance(61_000);
    await pool.getToken('merchant-4'); // the first sweep: clears the "used" marks
    expect(pool.stats().merchants).toBe(4);
    await pool.getToken('merchant-1');
    clock.advance(61_000);
    await pool.getToken('merchant-4');
    await pool.getToken('merchant-new').catch(() => undefined); // a miss runs the due sweep
    expect(pool.stats().merchants).toBe(2);
    expect(pool.stats()).toMatchObject({ evictions: 2 });
    expect(pool.stats('merchant-1')).toBeDefined();
    expect(pool.stats('merchant-4')).toBeDefined();
    expect(lookups.get('merchant-2')).toBe(1);
  });
});
