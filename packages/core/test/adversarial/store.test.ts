/**
 * Issue 12, attacks 8 and 9: a stalled store costs one timeout, not one per call; the shared
 * store is safe by default (sealed values: copied, forged or tampered records are rejected).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  MemoryTokenStore,
  TokenManager,
  type StoredToken,
  type TokenManagerOptions,
  type TokenStore,
  type TokenStoreLock,
} from '../../src';
import { CANARY, CLIENT_ID } from './forms';
import { opaqueToken, startHostile, tokenAnswer, type Hostile } from './hostile-server';

const servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

class Clock {
  ms = 1_800_000_000_000;
  readonly now = (): number => this.ms;
}

/** A token endpoint handing out a new opaque token per request; `issued` lists their random parts. */
async function endpoint(
  lifetime = 3600,
): Promise<{ server: Hostile; issued: { value: string; random: string }[] }> {
  const issued: { value: string; random: string }[] = [];
  const server = await startHostile((_r, res) => {
    const t = opaqueToken('st');
    issued.push(t);
    tokenAnswer(res, t.value, lifetime);
  });
  servers.push(server);
  return { server, issued };
}

/** Counts every store call; `mode` makes them hang or throw. */
class CountingStore implements TokenStore {
  calls = 0;
  pending = 0;
  /** Calls started while another one of this store had not settled yet. */
  startedWhilePending = 0;
  mode: 'ok' | 'hang' | 'throw' = 'ok';
  readonly inner = new MemoryTokenStore();

  #call<T>(run: () => T): Promise<T> {
    this.calls++;
    if (this.pending > 0) this.startedWhilePending++;
    if (this.mode === 'hang') {
      this.pending++;
      return new Promise<T>(() => undefined); // never settles
    }
    if (this.mode === 'throw') return Promise.reject(new Error('store down'));
    return Promise.resolve(run());
  }
  get(key: string): Promise<StoredToken | undefined> {
    return this.#call(() => this.inner.get(key));
  }
  set(key: string, token: StoredToken): Promise<void> {
    return this.#call(() => this.inner.set(key, token));
  }
  delete(key: string, ifValue?: string): Promise<void> {
    return this.#call(() => this.inner.delete(key, ifValue));
  }
  lock(): Promise<TokenStoreLock | undefined> {
    return this.#call(() => ({ release: () => this.#call(() => undefined) }));
  }
}

function manager(
  server: Hostile,
  clock: Clock,
  overrides: Partial<TokenManagerOptions> = {},
): TokenManager {
  return new TokenManager({
    tokenUrl: server.tokenUrl,
    clientId: CLIENT_ID,
    clientSecret: CANARY,
    now: clock.now,
    retry: { maxAttempts: 1 },
    storeTimeoutMs: 50,
    ...overrides,
  });
}

describe('adversarial: a stalled store costs one timeout, not one per call', () => {
  it('a hanging store: one getToken() starts one store call, then the store is skipped, then probed again', async () => {
    const { server } = await endpoint();
    const clock = new Clock();
    const store = new CountingStore();
    store.mode = 'hang';
    const tokens = manager(server, clock, { store });
    const token = await tokens.getToken(); // bounded by storeTimeoutMs, then the network
    expect(token.value).toMatch(/^st\./);
    expect(store.calls).toBe(1);
    expect(store.startedWhilePending).toBe(0);
    // During the skip period: forced refreshes reach the network, not the store.
    for (let i = 0; i < 5; i++) {
      clock.ms += 100;
      await tokens.getToken({ forceRefresh: true });
    }
    expect(store.calls).toBe(1);
    expect(server.requests).toBe(6);
    // Long after (past the 30 s cap): the store is probed again.
    clock.ms += 61_000;
    await tokens.getToken({ forceRefresh: true });
    expect(store.calls).toBeGreaterThan(1);
    await tokens.close();
  });

  it('a throwing store: after one failure no store call during the backoff; a probe later; callers never fail', async () => {
    const { server } = await endpoint();
    const clock = new Clock();
    const store = new CountingStore();
    store.mode = 'throw';
    const errors: unknown[] = [];
    const tokens = manager(server, clock, { store, hooks: { storeError: (e) => errors.push(e) } });
    await tokens.getToken();
    const afterFirst = store.calls;
    expect(afterFirst).toBe(1);
    expect(errors).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      clock.ms += 100;
      await tokens.getToken({ forceRefresh: true });
    }
    expect(store.calls).toBe(afterFirst);
    store.mode = 'ok';
    clock.ms += 61_000;
    await tokens.getToken({ forceRefresh: true });
    expect(store.calls).toBeGreaterThan(afterFirst);
    await tokens.close();
  });

  it('get + lock do not stack timeouts: with a store that hangs, a cold getToken() starts only one store call', async () => {
    const { server } = await endpoint();
    const clock = new Clock();
    const store = new CountingStore();
    store.mode = 'hang';
    const tokens = manager(server, clock, { store, storeTimeoutMs: 200 });
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken()));
    expect(new Set(results.map((t) => t.value)).size).toBe(1);
    expect(store.calls).toBe(1);
    expect(server.requests).toBe(1);
    await tokens.close();
  });
});

describe('adversarial: the shared store is safe by default', () => {
  it('with a plain MemoryTokenStore and no options the stored record holds no part of the token', async () => {
    const { server, issued } = await endpoint();
    const store = new MemoryTokenStore();
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      store,
    });
    const token = await tokens.getToken();
    const record = JSON.stringify(store.get(await tokens.cacheKey()));
    expect(record).toBeDefined();
    const random = issued[0]!.random;
    expect(token.value).toContain(random);
    for (let i = 0; i + 12 <= random.length; i++)
      expect(record).not.toContain(random.slice(i, i + 12));
    await tokens.close();
  });

  it('control: a second manager with the same options adopts the sealed record (no second request)', async () => {
    const { server } = await endpoint();
    const store = new MemoryTokenStore();
    const options = { tokenUrl: server.tokenUrl, clientId: CLIENT_ID, clientSecret: CANARY, store };
    const a = new TokenManager(options);
    const b = new TokenManager(options);
    expect(
      (await b.getToken().then(async (tb) => [tb, await a.getToken()]))[0]!.value,
    ).toBeDefined();
    expect(server.requests).toBe(1);
    await a.close();
    await b.close();
  });

  it.each([
    ['a different secret', { clientSecret: `${CANARY}-other` }],
    ['a different client id', { clientId: 'adv-8' }],
  ])('a record copied from a manager with %s into this key is rejected', async (_name, other) => {
    const { server, issued } = await endpoint();
    const store = new MemoryTokenStore();
    const base = { tokenUrl: server.tokenUrl, clientId: CLIENT_ID, clientSecret: CANARY, store };
    const victim = new TokenManager({ ...base, ...other });
    const stolen = await victim.getToken();
    const tokens = new TokenManager(base);
    store.set(await tokens.cacheKey(), store.get(await victim.cacheKey())!);
    const token = await tokens.getToken();
    expect(token.value).not.toBe(stolen.value);
    expect(token.value).toBe(issued[1]!.value);
    expect(server.requests).toBe(2);
    await victim.close();
    await tokens.close();
  });

  it.each([
    [
      'a forged plain record',
      (_r: StoredToken, now: number) => ({
        value: 'forged.token.value',
        expiresAt: now + 3_600_000,
        issuedAt: now,
        scope: [],
      }),
    ],
    [
      'a tampered expiresAt (year 2500)',
      (r: StoredToken) => ({ ...r, expiresAt: Date.UTC(2500, 0, 1) }),
    ],
    ['a tampered issuedAt', (r: StoredToken) => ({ ...r, issuedAt: r.issuedAt + 1000 })],
    ['a tampered scope', (r: StoredToken) => ({ ...r, scope: ['admin'] })],
    [
      'a CR/LF value',
      (_r: StoredToken, now: number) => ({
        value: 'abc\r\nX: y',
        expiresAt: now + 3_600_000,
        issuedAt: now,
        scope: [],
      }),
    ],
    [
      'a flipped character of the sealed value',
      (r: StoredToken) => ({
        ...r,
        value: r.value.slice(0, -3) + (r.value.at(-3) === 'A' ? 'B' : 'A') + r.value.slice(-2),
      }),
    ],
  ])('%s is rejected (not adopted; a network token is fetched)', async (_name, tamper) => {
    const { server, issued } = await endpoint();
    const store = new MemoryTokenStore();
    const options = { tokenUrl: server.tokenUrl, clientId: CLIENT_ID, clientSecret: CANARY, store };
    const first = new TokenManager(options);
    await first.getToken();
    const genuine = store.get(await first.cacheKey())!;
    store.set(await first.cacheKey(), tamper(genuine, Date.now()));
    const second = new TokenManager(options);
    const token = await second.getToken();
    expect(token.value).toBe(issued[1]!.value);
    expect(server.requests).toBe(2);
    expect(token.expiresAt).toBeLessThan(Date.now() + 3_600_000 + 60_000);
    await first.close();
    await second.close();
  });

  it('storeEncryption: false stores the plain token (explicit opt-out)', async () => {
    const { server } = await endpoint();
    const store = new MemoryTokenStore();
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      store,
      storeEncryption: false,
    });
    const token = await tokens.getToken();
    expect(store.get(await tokens.cacheKey())?.value).toBe(token.value);
    await tokens.close();
  });
});
