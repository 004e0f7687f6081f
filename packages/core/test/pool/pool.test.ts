import type { MockAdumo } from '@adumo-oauth/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MerchantError,
  TokenPool,
  type MerchantCredentials,
  type TokenPoolEvents,
} from '../../src';
import { Clock } from '../helpers';
import { clientIdClaim, clientIdOf, mockWithMerchants, poolOn } from './helpers';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function setup(count: number, overrides: Parameters<typeof poolOn>[2] = {}, clock?: Clock) {
  const { mock, credentials } = await mockWithMerchants(count, clock ? { now: clock.now } : {});
  const made = poolOn(mock, credentials, overrides, clock);
  cleanup.push(
    () => made.pool.close(),
    () => mock.close(),
  );
  return { mock, credentials, ...made };
}

function requestsByClient(mock: MockAdumo): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, outcomes] of Object.entries(mock.stats.snapshot().tokenRequestsByClient))
    out[id] = Object.values(outcomes).reduce((a, b) => a + b, 0);
  return out;
}

describe('TokenPool against the mock', () => {
  it('gives each merchant its own token: one resolver call and one token request per merchant under concurrency', async () => {
    const { mock, pool, lookups } = await setup(5);
    const calls = [];
    for (let round = 0; round < 40; round++)
      for (let i = 1; i <= 5; i++)
        calls.push(pool.getToken(`merchant-${i}`).then((t) => [i, t] as const));
    const results = await Promise.all(calls);
    for (const [i, token] of results) expect(clientIdClaim(token)).toBe(clientIdOf(i));
    expect(mock.stats.tokenRequests).toBe(5);
    expect(requestsByClient(mock)).toEqual(
      Object.fromEntries([1, 2, 3, 4, 5].map((i) => [clientIdOf(i), 1])),
    );
    expect([...lookups.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(pool.stats()).toMatchObject({
      merchants: 5,
      requests: 5,
      credentialLookups: 5,
      credentialFailures: 0,
    });
    // Cached: no more lookups or requests.
    await pool.getToken('merchant-3');
    expect(mock.stats.tokenRequests).toBe(5);
    expect(pool.peek('merchant-3')?.value).toBe((await pool.getToken('merchant-3')).value);
    expect(pool.peek('merchant-99')).toBeUndefined();
  });

  it('a resolver that throws, returns nothing, returns garbage or hangs is a typed error for that merchant only', async () => {
    const { mock, credentials } = await mockWithMerchants(2);
    const seen: string[] = [];
    const pool = new TokenPool({
      baseUrl: mock.baseUrl,
      credentialsTimeoutMs: 50,
      cooldown: { minMs: 0 },
      credentials: (id) => {
        seen.push(id);
        if (id === 'throws') throw new Error('db down: postgres://app:client_secret=hunter2@db/x');
        if (id === 'rejects') return Promise.reject(new Error('vault sealed'));
        if (id === 'garbage') return { clientId: 'x', clientSecret: '' };
        if (id === 'not-object') return 42 as unknown as MerchantCredentials;
        if (id === 'hangs') return new Promise<never>(() => undefined);
        return credentials.get(id);
      },
    });
    cleanup.push(
      () => pool.close(),
      () => mock.close(),
    );
    const outcome = (id: string) =>
      pool.getToken(id).then(
        () => 'ok',
        (e: MerchantError) => e,
      );
    const [thrown, rejected, garbage, notObject, hung, unknown, fine] = await Promise.all(
      ['throws', 'rejects', 'garbage', 'not-object', 'hangs', 'nobody', 'merchant-1'].map(outcome),
    );
    expect(fine).toBe('ok');
    for (const e of [thrown, rejected, garbage, notObject, hung]) {
      expect(e).toBeInstanceOf(MerchantError);
      expect(e).toMatchObject({ code: 'credentials_unavailable' });
    }
    expect(unknown).toMatchObject({ code: 'unknown_merchant', merchantId: 'nobody' });
    expect((thrown as Error).message).toContain('resolver failed (Error');
    expect((thrown as Error).message).not.toContain('db down');
    expect((thrown as Error).message).not.toContain('hunter2');
    expect((hung as Error).message).toContain('50 ms');
    expect(mock.stats.tokenRequests).toBe(1);
    expect(pool.stats()).toMatchObject({ merchants: 1, credentialFailures: 6 });
    // Failures are not kept as merchants: the pool holds only merchant-1.
    expect(pool.stats('nobody')).toBeUndefined();
    expect(pool.stats('merchant-1')).toMatchObject({ merchantId: 'merchant-1', state: 'ok' });
  });

  it('a failed lookup is answered from memory for cooldown.minMs: an unknown id cannot flood the resolver', async () => {
    const clock = new Clock(Date.now());
    const { pool, lookups } = await setup(1, { cooldown: { minMs: 1_000 } }, clock);
    for (let i = 0; i < 50; i++)
      await expect(pool.getToken('ghost')).rejects.toMatchObject({ code: 'unknown_merchant' });
    expect(lookups.get('ghost')).toBe(1);
    clock.advance(1_000);
    await expect(pool.getToken('ghost')).rejects.toMatchObject({ code: 'unknown_merchant' });
    expect(lookups.get('ghost')).toBe(2);
  });

  it('refuses invalid merchant ids without calling the resolver', async () => {
    const { pool, lookups } = await setup(1);
    for (const bad of [
      '',
      'a'.repeat(257),
      'm\r\nX-Injected: 1',
      'nul\u0000',
      7,
      undefined,
      null,
      {},
    ]) {
      await expect(pool.getToken(bad as string)).rejects.toMatchObject({
        code: 'invalid_merchant',
      });
      expect(() => pool.source(bad as string)).toThrow(MerchantError);
    }
    expect(lookups.size).toBe(0);
    expect(pool.stats().credentialLookups).toBe(0);
  });

  it('a merchant with a revoked secret cools down alone; the others keep getting tokens', async () => {
    const clock = new Clock(Date.now());
    const { mock, pool } = await setup(3, { retry: { maxAttempts: 1 } }, clock);
    mock.clients.update(clientIdOf(2), { clientSecret: 'rotated-by-adumo' });
    for (let i = 0; i < 30; i++) {
      await expect(pool.getToken('merchant-2')).rejects.toMatchObject({
        code: 'token_endpoint',
        status: 401,
      });
      expect(clientIdClaim(await pool.getToken('merchant-1'))).toBe(clientIdOf(1));
      expect(clientIdClaim(await pool.getToken('merchant-3'))).toBe(clientIdOf(3));
    }
    expect(requestsByClient(mock)).toEqual({
      [clientIdOf(1)]: 1,
      [clientIdOf(2)]: 1,
      [clientIdOf(3)]: 1,
    });
    expect(pool.health('merchant-2')).toMatchObject({
      state: 'failing',
      lastErrorCode: 'token_endpoint',
      lastErrorStatus: 401,
    });
    expect(pool.health()).toEqual({
      state: 'degraded',
      merchants: 3,
      byState: { ok: 2, stale: 0, failing: 1, empty: 0 },
    });
    expect(pool.stats().cooldownRejections).toBe(29);
  });

  it('forget() drops the merchant: the next call asks the resolver again and uses the new credentials', async () => {
    const { mock, credentials, pool, lookups } = await setup(1);
    const first = await pool.getToken('merchant-1');
    mock.clients.add({ clientId: 'client-1b', clientSecret: 'new-secret-1b' });
    credentials.set('merchant-1', { clientId: 'client-1b', clientSecret: 'new-secret-1b' });
    expect((await pool.getToken('merchant-1')).value).toBe(first.value); // still cached
    await pool.forget('merchant-1');
    expect(pool.stats('merchant-1')).toBeUndefined();
    expect(clientIdClaim(await pool.getToken('merchant-1'))).toBe('client-1b');
    expect(lookups.get('merchant-1')).toBe(2);
  });

  it('invalidate(merchant, token) is compare-and-invalidate for that merchant only', async () => {
    const { mock, pool } = await setup(2);
    const a = await pool.getToken('merchant-1');
    const b = await pool.getToken('merchant-2');
    await pool.invalidate('merchant-1', 'not-the-token');
    expect((await pool.getToken('merchant-1')).value).toBe(a.value);
    await pool.invalidate('merchant-1', a);
    const a2 = await pool.getToken('merchant-1');
    expect(a2.value).not.toBe(a.value);
    expect((await pool.getToken('merchant-2')).value).toBe(b.value);
    expect(mock.stats.tokenRequests).toBe(3);
    await pool.invalidate('never-seen'); // no-op, no resolver call
  });

  it('source(id) is a TokenSource for that merchant', async () => {
    const { mock, pool } = await setup(2);
    const source = pool.source('merchant-2');
    expect(source.merchantId).toBe('merchant-2');
    expect(source.baseUrl).toBe(mock.baseUrl);
    const token = await source.getToken();
    expect(clientIdClaim(token)).toBe(clientIdOf(2));
    await source.invalidate(token);
    expect((await source.getToken()).value).not.toBe(token.value);
  });

  it('events carry the merchant id; stats(id) and health(id) describe one merchant', async () => {
    const { pool } = await setup(2);
    const tokens: string[] = [];
    const requests: TokenPoolEvents['response'][] = [];
    pool.on('token', (e) => tokens.push(`${e.merchantId}:${e.source}`));
    pool.on('response', (e) => requests.push(e));
    await pool.getToken('merchant-1');
    await pool.getToken('merchant-2');
    await pool.getToken('merchant-1');
    expect(tokens).toEqual(['merchant-1:network', 'merchant-2:network', 'merchant-1:cache']);
    expect(requests.map((r) => [r.merchantId, r.status])).toEqual([
      ['merchant-1', 200],
      ['merchant-2', 200],
    ]);
    expect(pool.health('merchant-1').state).toBe('ok');
    expect(pool.health('unknown').state).toBe('empty');
  });

  it('close() ends waiters (also a hanging resolver) and later calls with a ClosedError', async () => {
    const { mock } = await mockWithMerchants(1);
    const pool = new TokenPool({
      baseUrl: mock.baseUrl,
      credentials: () => new Promise<never>(() => undefined),
    });
    cleanup.push(() => mock.close());
    const waiting = pool.getToken('merchant-1');
    await pool.close();
    await expect(waiting).rejects.toMatchObject({ code: 'closed' });
    await expect(pool.getToken('merchant-1')).rejects.toMatchObject({ code: 'closed' });
  });

  it('validates its options with ConfigErrors naming TokenPool', () => {
    const base = { baseUrl: 'https://x.example', credentials: () => undefined };
    expect(() => new TokenPool({ ...base, credentials: 'nope' as never })).toThrow(
      /TokenPool: credentials must be a function/,
    );
    expect(() => new TokenPool({ ...base, maxMerchants: 0 })).toThrow(/TokenPool: maxMerchants/);
    expect(() => new TokenPool({ ...base, idleMs: -1 })).toThrow(/TokenPool: idleMs/);
    expect(() => new TokenPool({ ...base, baseUrl: 'http://example.com' })).toThrow(
      /^TokenPool: .*https/,
    );
    expect(JSON.stringify(new TokenPool(base))).toBe(
      '{"tokenUrl":"https://x.example/oauth/token","merchants":0}',
    );
  });
});
