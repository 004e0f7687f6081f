import { afterEach, describe, expect, it } from 'vitest';
import { TokenPool, type MerchantCredentials } from '../../src';
import { Clock } from '../helpers';
import { flush, heldEndpoint } from './fair';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** A resolver whose answers the test releases, counting the calls in flight. */
function slowResolver() {
  const waiting: { id: string; answer: () => void }[] = [];
  const state = { inFlight: 0, peak: 0, calls: [] as string[] };
  const resolve = (id: string): Promise<MerchantCredentials | undefined> => {
    state.calls.push(id);
    state.peak = Math.max(state.peak, ++state.inFlight);
    return new Promise((done) =>
      waiting.push({
        id,
        answer: () => {
          state.inFlight--;
          done(id.startsWith('unknown-') ? undefined : { clientId: id, clientSecret: `s-${id}` });
        },
      }),
    );
  };
  return { resolve, waiting, state };
}

function poolWith(resolver: ReturnType<typeof slowResolver>, maxConcurrentLookups?: number) {
  const clock = new Clock(0);
  const endpoint = heldEndpoint(clock, () => false, false);
  const pool = new TokenPool({
    baseUrl: 'https://auth.example.test',
    credentials: resolver.resolve,
    fetch: endpoint.fetch,
    now: clock.now,
    maxRequestsPerSecond: Infinity,
    ...(maxConcurrentLookups === undefined ? {} : { maxConcurrentLookups }),
  });
  cleanup.push(() => pool.close());
  return { pool, endpoint };
}

describe('TokenPool maxConcurrentLookups', () => {
  it('1,500 distinct ids with a slow resolver: at most 16 resolver calls in flight (the default), callers of one id share one call', async () => {
    const resolver = slowResolver();
    const { pool, endpoint } = poolWith(resolver);
    const ids = Array.from({ length: 1_500 }, (_, i) => `m-${i + 1}`);
    const calls = ids.flatMap((id) => [pool.getToken(id), pool.getToken(id)]);
    await flush();
    expect(resolver.state.inFlight).toBe(16);
    expect(resolver.state.calls).toEqual(ids.slice(0, 16)); // in order
    while (resolver.waiting.length > 0) {
      for (const w of resolver.waiting.splice(0)) w.answer();
      await flush();
      expect(resolver.state.inFlight).toBeLessThanOrEqual(16);
    }
    const tokens = await Promise.all(calls);
    expect(tokens).toHaveLength(3_000);
    expect(resolver.state.peak).toBe(16);
    expect(resolver.state.calls).toHaveLength(1_500);
    expect(endpoint.sent).toHaveLength(1_500);
    expect(pool.stats()).toMatchObject({ credentialLookups: 1_500, merchants: 1_500 });
  });

  it('maxConcurrentLookups: 2; a failed or unknown lookup frees its turn; close() ends the waiting ones', async () => {
    const resolver = slowResolver();
    const { pool } = poolWith(resolver, 2);
    const outcomes: string[] = [];
    const call = (id: string) =>
      void pool.getToken(id).then(
        () => outcomes.push(`${id}: token`),
        (e: { code?: string }) => outcomes.push(`${id}: ${e.code}`),
      );
    for (const id of ['unknown-1', 'm-1', 'm-2', 'm-3', 'm-4']) call(id);
    await flush();
    expect(resolver.state.calls).toEqual(['unknown-1', 'm-1']);
    resolver.waiting.shift()!.answer(); // unknown-1: unknown_merchant, its turn goes to m-2
    await flush();
    expect(resolver.state.calls).toEqual(['unknown-1', 'm-1', 'm-2']);
    expect(resolver.state.peak).toBe(2);
    await pool.close();
    await flush();
    expect(outcomes.sort()).toEqual([
      'm-1: closed',
      'm-2: closed',
      'm-3: closed',
      'm-4: closed',
      'unknown-1: unknown_merchant',
    ]);
    expect(resolver.state.calls).toHaveLength(3); // the waiting ones never called it
    expect(() => poolWith(resolver, 0)).toThrow(
      /TokenPool: maxConcurrentLookups must be a number between 1 and Infinity/,
    );
  });
});
