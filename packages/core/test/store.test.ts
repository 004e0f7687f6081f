import { describe, expect, it } from 'vitest';
import {
  MemoryTokenStore,
  type TokenManagerEvents,
  type StoredToken,
  type TokenStore,
  type TokenStoreLock,
} from '../src';
import { Clock, fakeFetch, makeJwt, makeManager } from './helpers';

/** A store recording every call, backed by a MemoryTokenStore, with switchable behaviours. */
class RecordingStore implements TokenStore {
  readonly inner: MemoryTokenStore;
  readonly calls: string[] = [];
  broken = false;
  lockHeldElsewhere = false;
  /** Refuse this many lock attempts (a holder that then dies), then grant. */
  refuseLocks = 0;
  released = 0;
  waitResult: (() => StoredToken | undefined) | undefined;
  constructor(clock: Clock) {
    this.inner = new MemoryTokenStore(clock.now);
  }
  #check(name: string): void {
    this.calls.push(name);
    if (this.broken) throw new Error(`redis down during ${name}`);
  }
  get(key: string) {
    this.#check('get');
    return Promise.resolve(this.inner.get(key));
  }
  set(key: string, token: StoredToken) {
    this.#check('set');
    this.inner.set(key, token);
    return Promise.resolve();
  }
  delete(key: string, ifValue?: string) {
    this.#check(`delete:${ifValue === undefined ? '*' : 'if'}`);
    this.inner.delete(key, ifValue);
    return Promise.resolve();
  }
  lock(): Promise<TokenStoreLock | undefined> {
    this.#check('lock');
    if (this.lockHeldElsewhere) return Promise.resolve(undefined);
    if (this.refuseLocks > 0) {
      this.refuseLocks--;
      return Promise.resolve(undefined);
    }
    return Promise.resolve({ release: () => (this.released++, Promise.resolve()) });
  }
}

function stored(
  clock: Clock,
  jti: string,
  lifetimeMs = 3_600_000,
  issuedAt = clock.ms,
): StoredToken {
  return {
    value: makeJwt({ jti, exp: Math.floor((issuedAt + lifetimeMs) / 1000) }),
    issuedAt,
    expiresAt: issuedAt + lifetimeMs,
    scope: ['read'],
  };
}

describe('store protocol (behaviour 2, contracts)', () => {
  it('a second manager adopts the token the first stored; cache hits never touch the store', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const store = new MemoryTokenStore(clock.now);
    const a = makeManager(clock, endpoint.fetch, { store }).manager;
    const b = makeManager(clock, endpoint.fetch, { store }).manager;
    const sources: string[] = [];
    b.on('token', (e: TokenManagerEvents['token']) => sources.push(e.source));
    const ta = await a.getToken();
    const tb = await b.getToken();
    expect(tb.value).toBe(ta.value);
    expect(tb.expiresAt).toBe(ta.expiresAt);
    expect(sources).toEqual(['store']);
    expect(endpoint.calls).toHaveLength(1);
    expect(b.stats().storeHits).toBe(1);
    const recording = new RecordingStore(clock);
    const c = makeManager(clock, endpoint.fetch, { store: recording }).manager;
    await c.getToken();
    const before = recording.calls.length;
    for (let i = 0; i < 100; i++) await c.getToken();
    expect(recording.calls.length).toBe(before);
  });

  it('leader with the lock: get, lock, double-check get, network, set, release', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const store = new RecordingStore(clock);
    const { manager } = makeManager(clock, endpoint.fetch, { store });
    const token = await manager.getToken();
    expect(store.calls).toEqual(['get', 'lock', 'get', 'set']);
    expect(store.released).toBe(1);
    // Sealed by default: the store holds no usable token, yet a peer manager reads it back.
    const record = store.inner.get(await manager.cacheKey());
    expect(record?.value).toMatch(/^sealed1\./);
    expect(JSON.stringify(record)).not.toContain(token.value.slice(0, 40));
    const peer = makeManager(clock, endpoint.fetch, { store }).manager;
    expect((await peer.getToken()).value).toBe(token.value);
    expect(endpoint.calls).toHaveLength(1);
  });

  it('releases the lock when the network request fails', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [], { fallback: () => new Response('{}', { status: 401 }) });
    const store = new RecordingStore(clock);
    const { manager } = makeManager(clock, endpoint.fetch, { store });
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'token_endpoint' });
    expect(store.released).toBe(1);
    expect(store.calls).toEqual(['get', 'lock', 'get']);
  });

  it('lock held elsewhere: waitForToken → adopt the holder’s token, no request', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const store = new RecordingStore(clock);
    store.lockHeldElsewhere = true;
    const fresh = stored(clock, 'from-other-process');
    const waits: unknown[] = [];
    const withWait: TokenStore = Object.assign(store, {
      waitForToken: (key: string, options: { after: number; timeoutMs: number }) => {
        waits.push({ key, ...options });
        return Promise.resolve(fresh);
      },
    });
    // The records below are written by hand, in plain form.
    const { manager } = makeManager(clock, endpoint.fetch, {
      store: withWait,
      lockTtlMs: 5000,
      storeEncryption: false,
    });
    const token = await manager.getToken();
    expect(token.value).toBe(fresh.value);
    expect(endpoint.calls).toHaveLength(0);
    expect(waits).toEqual([
      { key: await manager.cacheKey(), after: 0, timeoutMs: 5000, signal: expect.any(AbortSignal) },
    ]);
  });

  it('lock held elsewhere, no waitForToken: polls get and adopts a newer token', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const store = new RecordingStore(clock);
    store.lockHeldElsewhere = true;
    const { manager, sleeps } = makeManager(clock, endpoint.fetch, {
      store,
      lockTtlMs: 1000,
      storeEncryption: false, // the other process's record is written by hand, in plain form
    });
    const pending = manager.getToken();
    // The other process stores its token after the 3rd poll.
    const origGet = store.get.bind(store);
    let polls = 0;
    store.get = (key: string) => {
      if (++polls === 4) store.inner.set(key, stored(clock, 'other'));
      return origGet(key);
    };
    const token = await pending;
    expect(token.jti).toBe('other');
    expect(endpoint.calls).toHaveLength(0);
    expect(sleeps.length).toBeGreaterThanOrEqual(2);
    expect(sleeps.every((ms) => ms === 100)).toBe(true);
  });

  it('lock held elsewhere through two waits: requests directly (correctness first)', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const store = new RecordingStore(clock);
    store.lockHeldElsewhere = true;
    const { manager, sleeps } = makeManager(clock, endpoint.fetch, { store, lockTtlMs: 1000 });
    const token = await manager.getToken();
    expect(token.value).toBe(endpoint.issued[0]);
    expect(endpoint.calls).toHaveLength(1);
    // Wait out the lock TTL, try the lock once more, wait again, then go to the network.
    expect(sleeps).toEqual(Array(20).fill(100));
    expect(store.calls.filter((c) => c === 'lock')).toHaveLength(2);
    expect(store.calls.at(-1)).toBe('set');
  });

  it('the lock holder died: after the wait times out the lock is taken again before any request', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const store = new RecordingStore(clock);
    store.refuseLocks = 1;
    const { manager, sleeps } = makeManager(clock, endpoint.fetch, { store, lockTtlMs: 1000 });
    const token = await manager.getToken();
    expect(token.value).toBe(endpoint.issued[0]);
    expect(endpoint.calls).toHaveLength(1);
    expect(sleeps).toEqual(Array(10).fill(100));
    // The second lock is held while the token is requested, stored, then released.
    const afterWait = store.calls.slice(store.calls.lastIndexOf('lock'));
    expect(afterWait).toEqual(['lock', 'get', 'set']);
    expect(store.released).toBe(1);
  });

  it('a broken store degrades to the network, is skipped for a backoff, then probed again', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [], { lifetimeSeconds: 100 });
    const store = new RecordingStore(clock);
    store.broken = true;
    const lines: string[] = [];
    const logger = {
      warn: (m: string) => lines.push(`warn ${m}`),
      info: (m: string) => lines.push(`info ${m}`),
    };
    const { manager } = makeManager(clock, endpoint.fetch, { store, logger });
    const events: TokenManagerEvents['storeError'][] = [];
    manager.on('storeError', (e) => events.push(e));
    await manager.getToken();
    await manager.getToken({ forceRefresh: true });
    await manager.invalidate();
    await manager.getToken();
    expect(endpoint.calls).toHaveLength(3);
    // One failed call; for the next 1000 ms the store is not called at all.
    expect(store.calls).toEqual(['get']);
    expect(events.map((e) => [e.operation, e.error.code])).toEqual([['get', 'store']]);
    expect(lines.filter((l) => l.startsWith('warn'))).toEqual([
      'warn [adumo-oauth] token store get failed: redis down during get; using the token endpoint directly for 1000 ms, then trying the store again',
    ]);
    // Still broken when probed: one more failure, skipped for twice as long.
    clock.advance(1000);
    await manager.getToken({ forceRefresh: true });
    expect(store.calls).toEqual(['get', 'get']);
    clock.advance(1999);
    await manager.getToken({ forceRefresh: true });
    expect(store.calls).toEqual(['get', 'get']);
    store.broken = false;
    clock.advance(1);
    await manager.getToken({ forceRefresh: true });
    await manager.getToken({ forceRefresh: true });
    expect(store.calls.slice(2)).toEqual([
      'get',
      'lock',
      'get',
      'set',
      'get',
      'lock',
      'get',
      'set',
    ]);
    expect(lines.filter((l) => l.startsWith('info'))).toEqual([
      'info [adumo-oauth] token store recovered',
    ]);
    expect(manager.stats().storeErrors).toBe(2);
  });

  it('invalidate() compare-and-deletes in the store', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const store = new RecordingStore(clock);
    const { manager } = makeManager(clock, endpoint.fetch, { store });
    const token = await manager.getToken();
    const record = store.inner.get(await manager.cacheKey());
    expect(record?.value).toMatch(/^sealed1\./);
    await manager.invalidate('not-the-stored-one');
    expect(store.inner.get(await manager.cacheKey())).toEqual(record);
    await manager.invalidate(token);
    expect(store.inner.get(await manager.cacheKey())).toBeUndefined();
    expect(store.calls.filter((c) => c.startsWith('delete'))).toEqual(['delete:if', 'delete:if']);
  });

  it('forceRefresh adopts a stored token only when it is newer than the cached one', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const store = new MemoryTokenStore(clock.now);
    // The fleet's newer record below is written by hand, in plain form.
    const { manager } = makeManager(clock, endpoint.fetch, { store, storeEncryption: false });
    const first = await manager.getToken();
    const second = await manager.getToken({ forceRefresh: true });
    expect(second.value).not.toBe(first.value); // the stored one is the same as L1: not adopted
    expect(endpoint.calls).toHaveLength(2);
    clock.advance(1000);
    const newer = stored(clock, 'fleet-newer');
    store.set(await manager.cacheKey(), newer);
    const third = await manager.getToken({ forceRefresh: true });
    expect(third.value).toBe(newer.value);
    expect(endpoint.calls).toHaveLength(2);
  });

  it('ignores malformed and ageing store records', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const bad = {
      get: () => ({ value: 42, expiresAt: 'x' }) as unknown as StoredToken,
      set: () => {},
      delete: () => {},
    };
    expect(
      (await makeManager(clock, endpoint.fetch, { store: bad }).manager.getToken()).value,
    ).toBe(endpoint.issued[0]);
    const store = new MemoryTokenStore(clock.now);
    const m = makeManager(clock, endpoint.fetch, { store, storeEncryption: false }).manager;
    store.set(await m.cacheKey(), stored(clock, 'ageing', 1000, clock.ms - 900)); // inside its refresh window
    expect((await m.getToken()).value).toBe(endpoint.issued[1]);
  });
});
