import { afterEach, describe, expect, it } from 'vitest';
import { Clock } from '../helpers';
import { callAll, fairPool, heldEndpoint } from './fair';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

function setup() {
  const clock = new Clock(0);
  const endpoint = heldEndpoint(clock, () => false, false);
  const { pool, lookups } = fairPool(clock, endpoint.fetch, { maxMerchants: 100 });
  cleanup.push(() => pool.close());
  const requestsOf = (id: string) => endpoint.sent.filter((sent) => sent === id).length;
  return { clock, endpoint, pool, lookups, requestsOf };
}

const regulars = Array.from({ length: 20 }, (_, i) => `regular-${i + 1}`);

describe('TokenPool scan resistance', () => {
  it('a scan of 5 × maxMerchants one-time ids: 0 extra token requests for merchants called every 2 s', async () => {
    const { clock, pool, requestsOf, lookups } = setup();
    await callAll(pool, regulars);
    let scanned = 0;
    for (let step = 1; step <= 100; step++) {
      clock.advance(100);
      // 5 one-time ids every 100 ms: 500 over 10 s, 5 × maxMerchants.
      await callAll(
        pool,
        Array.from({ length: 5 }, () => `scan-${++scanned}`),
      );
      if (step % 20 === 0) await callAll(pool, regulars); // every 2 s
    }
    expect(scanned).toBe(500);
    for (const id of regulars) expect(requestsOf(id)).toBe(1);
    expect(lookups.filter((id) => id.startsWith('regular-'))).toHaveLength(20);
    expect(pool.stats()).toMatchObject({ merchants: 100, requests: 520 });
  });

  it('a sustained scan (25 × maxMerchants in 10 s) starting with them: merchants called every 2 s still make one token request each', async () => {
    const { clock, pool, requestsOf } = setup();
    let scanned = 0;
    for (let step = 0; step < 100; step++) {
      if (step % 20 === 0) await callAll(pool, regulars);
      await callAll(
        pool,
        Array.from({ length: 25 }, () => `scan-${++scanned}`),
      );
      clock.advance(100);
    }
    expect(scanned).toBe(2_500);
    // In a full pool the one-time ids are not kept (their victims on probation are remembered),
    // so the regular merchants' first entries wait for their second call, then are protected.
    for (const id of regulars) expect(requestsOf(id)).toBe(1);
  });
});
