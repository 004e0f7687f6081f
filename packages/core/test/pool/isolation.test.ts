import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockAdumo } from '@adumo-oauth/mock-server';
import type { MerchantCredentials } from '../../src';
import { clientIdClaim, clientIdOf, mockWithMerchants, poolOn } from './helpers';

/** A seeded PRNG, so a failing interleaving can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MERCHANTS = 1_000;
let mock: MockAdumo;
let credentials: Map<string, MerchantCredentials>;
beforeAll(async () => {
  ({ mock, credentials } = await mockWithMerchants(MERCHANTS));
});
afterAll(() => mock.close());

describe('TokenPool isolation (fuzz)', () => {
  it('1,000 merchants, interleaved concurrent calls, forced refreshes and invalidations: never another merchant’s token', async () => {
    for (const seed of [1, 2]) {
      mock.stats.reset();
      // A pool smaller than the merchant set also exercises eviction with refreshes in flight.
      const { pool } = poolOn(mock, credentials, { maxMerchants: seed === 1 ? MERCHANTS : 300 });
      const random = prng(seed);
      const wrong: string[] = [];
      const check = (
        i: number,
        token: { claims: Readonly<Record<string, unknown>> | undefined },
      ) => {
        if (clientIdClaim(token) !== clientIdOf(i))
          wrong.push(`merchant-${i} got ${String(clientIdClaim(token))}`);
      };
      let calls = 0;
      for (let wave = 0; wave < 6; wave++) {
        const batch: Promise<void>[] = [];
        for (let k = 0; k < 500; k++) {
          const i = 1 + Math.floor(random() * MERCHANTS);
          const id = `merchant-${i}`;
          const roll = random();
          calls++;
          if (roll < 0.1)
            batch.push(pool.getToken(id, { forceRefresh: true }).then((t) => check(i, t)));
          else if (roll < 0.2)
            batch.push(
              pool
                .getToken(id)
                .then((t) => pool.invalidate(id, t))
                .then(() => pool.getToken(id))
                .then((t) => check(i, t)),
            );
          else if (roll < 0.25)
            batch.push(
              pool
                .forget(id)
                .then(() => pool.getToken(id))
                .then((t) => check(i, t)),
            );
          else batch.push(pool.getToken(id).then((t) => check(i, t)));
        }
        await Promise.all(batch);
      }
      expect(calls).toBe(3_000);
      expect(wrong).toEqual([]);
      // Every issued token was requested by the merchant it was issued for: no stray client ids.
      const clients = Object.keys(mock.stats.snapshot().tokenRequestsByClient);
      expect(clients.every((c) => /^client-\d+$/.test(c))).toBe(true);
      expect(pool.stats().merchants).toBeLessThanOrEqual(seed === 1 ? MERCHANTS : 300);
      await pool.close();
    }
  }, 60_000);

  it('cold start: 1,000 merchants × 3 concurrent calls → exactly 1,000 token requests', async () => {
    mock.stats.reset();
    const { pool, lookups } = poolOn(mock, credentials);
    const calls: Promise<unknown>[] = [];
    for (let i = 1; i <= MERCHANTS; i++)
      for (let c = 0; c < 3; c++)
        calls.push(pool.getToken(`merchant-${i}`).then((t) => clientIdClaim(t) === clientIdOf(i)));
    const ok = await Promise.all(calls);
    expect(ok.filter((v) => v === true)).toHaveLength(3_000);
    expect(mock.stats.tokenRequests).toBe(MERCHANTS);
    expect(lookups.size).toBe(MERCHANTS);
    expect([...lookups.values()].every((n) => n === 1)).toBe(true);
    await pool.close();
  }, 60_000);
});
