import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore, type StoredToken } from '../../src';
import { clientIdClaim, clientIdOf, mockWithMerchants, poolOn, secretOf } from './helpers';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** A store that records every key it is given. */
class RecordingStore extends MemoryTokenStore {
  readonly keys = new Set<string>();
  readonly records = new Map<string, StoredToken>();
  override set(key: string, token: StoredToken): void {
    this.keys.add(key);
    this.records.set(key, token);
    super.set(key, token);
  }
}

describe('TokenPool with a shared store', () => {
  it('one token per merchant for two pools (two processes), each sealed with its own merchant’s key', async () => {
    const { mock, credentials } = await mockWithMerchants(20);
    const store = new RecordingStore();
    const a = poolOn(mock, credentials, { store }).pool;
    const b = poolOn(mock, credentials, { store }).pool;
    cleanup.push(
      () => a.close(),
      () => b.close(),
      () => mock.close(),
    );
    const values: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const ta = await a.getToken(`merchant-${i}`);
      const tb = await b.getToken(`merchant-${i}`); // the memory store has no lock: one after the other
      expect(tb.value).toBe(ta.value);
      values.push(ta.value);
      expect(clientIdClaim(ta)).toBe(clientIdOf(i));
    }
    expect(mock.stats.tokenRequests).toBe(20);
    expect(store.keys.size).toBe(20);
    for (const [key, record] of store.records) {
      expect(key).toMatch(/^token:client-\d+:[0-9a-f]{32}$/);
      expect(record.value).toMatch(/^sealed1\./);
      for (const value of values) expect(record.value).not.toContain(value.slice(0, 40));
    }
    expect(a.stats().storeHits + b.stats().storeHits).toBe(20);
  });

  it('a value copied from one merchant’s key to another’s is refused: the merchant gets its own token', async () => {
    const { mock, credentials } = await mockWithMerchants(2);
    const store = new RecordingStore();
    const a = poolOn(mock, credentials, { store }).pool;
    cleanup.push(
      () => a.close(),
      () => mock.close(),
    );
    await a.getToken('merchant-1');
    await a.getToken('merchant-2');
    const [key1, key2] = [...store.records.keys()] as [string, string];
    store.set(key2, store.records.get(key1)!); // an attacker with store access swaps values
    const fresh = poolOn(mock, credentials, { store }).pool;
    cleanup.push(() => fresh.close());
    const token = await fresh.getToken('merchant-2');
    expect(clientIdClaim(token)).toBe(clientIdOf(2));
    expect(fresh.stats().storeHits).toBe(0);
    expect(mock.stats.tokenRequests).toBe(3);
  });
});

describe('TokenPool redaction', () => {
  it('no merchant’s secret or token reaches a log line, an error, an event or a JSON view', async () => {
    const { mock, credentials } = await mockWithMerchants(6);
    const lines: string[] = [];
    const logger = {
      debug: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
    };
    const events: unknown[] = [];
    const { pool } = poolOn(mock, credentials, {
      logger,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    cleanup.push(
      () => pool.close(),
      () => mock.close(),
    );
    for (const name of ['token', 'retry', 'refreshError', 'request', 'response'] as const)
      pool.on(name, (e) => events.push(e));
    const tokens: string[] = [];
    for (let i = 1; i <= 3; i++) tokens.push((await pool.getToken(`merchant-${i}`)).value);
    // Merchant 4: the endpoint fails (retry, then error); merchant 5: wrong secret at Adumo.
    mock.faults.failTokenRequests({ status: 503, count: 2 });
    const errors: unknown[] = [];
    await pool.getToken('merchant-4').catch((e: unknown) => errors.push(e));
    mock.clients.update(clientIdOf(5), { clientSecret: 'changed' });
    await pool.getToken('merchant-5').catch((e: unknown) => errors.push(e));
    expect(errors).toHaveLength(2);
    const texts = [
      ...lines,
      ...errors.map((e) => `${String(e)} ${(e as Error).stack} ${JSON.stringify(e)}`),
      JSON.stringify(events, (_k, v: unknown) =>
        v instanceof Error ? { message: v.message, stack: v.stack } : v,
      ),
      JSON.stringify(pool),
      JSON.stringify(pool.stats()),
      JSON.stringify(pool.health()),
      ...[1, 2, 3, 4, 5].map((i) => JSON.stringify(pool.stats(`merchant-${i}`))),
    ].join('\n');
    expect(
      lines.some((l) => l.includes('merchant merchant-4: token request attempt 1 failed')),
    ).toBe(true);
    for (let i = 1; i <= 6; i++) {
      expect(texts).not.toContain(secretOf(i));
      expect(texts).not.toContain(encodeURIComponent(secretOf(i)));
    }
    for (const t of tokens) expect(texts).not.toContain(t.slice(0, 40));
  });
});
