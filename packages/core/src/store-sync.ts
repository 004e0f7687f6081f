import { AccessToken } from './access-token';
import type { StoredToken, TokenStore } from './types';
import type { StoreErrorEvent } from './events';

/** Marks a failed store call (already reported). */
export const FAILED = Symbol('store-failed');

/** What the store protocol needs from the manager. */
export interface StoreContext {
  readonly store: TokenStore;
  readonly key: string;
  readonly lockTtlMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** When a token with these times enters its refresh window. */
  readonly refreshAt: (issuedAt: number, expiresAt: number) => number;
  readonly mustRefreshAt: (issuedAt: number, expiresAt: number) => number;
  /** Run a store call; failures are reported (event + log once) and become {@link FAILED}. */
  readonly call: <T>(
    op: StoreErrorEvent['operation'],
    fn: () => T | Promise<T>,
  ) => Promise<T | typeof FAILED>;
}

const POLL_MS = 100;

function valid(stored: unknown): stored is StoredToken {
  const s = stored as Partial<StoredToken> | null | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.value === 'string' &&
    s.value !== '' &&
    Number.isFinite(s.expiresAt) &&
    Number.isFinite(s.issuedAt) &&
    Array.isArray(s.scope)
  );
}

/** Step 1 / double-check: a stored token worth adopting instead of refreshing. */
function adoptable(
  ctx: StoreContext,
  stored: unknown,
  l1: AccessToken | undefined,
  forced: boolean,
): stored is StoredToken {
  if (!valid(stored)) return false;
  if (ctx.now() >= ctx.refreshAt(stored.issuedAt, stored.expiresAt)) return false;
  if (forced) return l1 !== undefined && stored.value !== l1.value && stored.issuedAt > l1.issuedAt;
  return l1 === undefined || stored.expiresAt > l1.expiresAt;
}

/** A token another holder of the lock has just stored: newer than L1 and still usable. */
function newer(
  ctx: StoreContext,
  stored: unknown,
  l1: AccessToken | undefined,
): stored is StoredToken {
  return (
    valid(stored) &&
    stored.issuedAt > (l1?.issuedAt ?? 0) &&
    stored.value !== l1?.value &&
    ctx.now() < ctx.mustRefreshAt(stored.issuedAt, stored.expiresAt)
  );
}

async function waitForOther(
  ctx: StoreContext,
  l1: AccessToken | undefined,
): Promise<StoredToken | undefined> {
  const { store, key, lockTtlMs } = ctx;
  if (typeof store.waitForToken === 'function') {
    const waited = await ctx.call('waitForToken', () =>
      store.waitForToken!(key, { after: l1?.issuedAt ?? 0, timeoutMs: lockTtlMs }),
    );
    return waited !== FAILED && newer(ctx, waited, l1) ? waited : undefined;
  }
  const until = ctx.now() + lockTtlMs;
  for (let i = 0; i <= Math.ceil(lockTtlMs / POLL_MS) && ctx.now() < until; i++) {
    await ctx.sleep(POLL_MS);
    const stored = await ctx.call('get', () => store.get(key));
    if (stored === FAILED) return undefined;
    if (newer(ctx, stored, l1)) return stored;
  }
  return undefined;
}

/**
 * Acquire a token through the shared store (the single-flight leader only): adopt a better stored
 * token, else take the fleet lock (double-check, then network + `set`, release in `finally`) or
 * wait for the holder's token. A wait that times out (the holder died: its lock has just expired)
 * tries the lock once more, so the survivors elect one new holder instead of all calling the
 * endpoint; a second timeout goes to the network. Store failures degrade to the network.
 */
export async function acquireViaStore(
  ctx: StoreContext,
  l1: AccessToken | undefined,
  forced: boolean,
  fromNetwork: () => Promise<AccessToken>,
): Promise<{ token: AccessToken; source: 'store' | 'network' }> {
  const { store, key } = ctx;
  const stored = await ctx.call('get', () => store.get(key));
  if (stored !== FAILED && adoptable(ctx, stored, l1, forced)) {
    return { token: AccessToken.fromStored(stored), source: 'store' };
  }
  const networkAndSet = async (): Promise<{ token: AccessToken; source: 'network' }> => {
    const token = await fromNetwork();
    await ctx.call('set', () => store.set(key, token.toStored()));
    return { token, source: 'network' };
  };
  if (typeof store.lock !== 'function' || stored === FAILED) return networkAndSet();
  for (let round = 0; round < 2; round++) {
    const lock = await ctx.call('lock', () => store.lock!(key, ctx.lockTtlMs));
    if (lock === FAILED) return networkAndSet();
    if (lock === undefined) {
      const waited = await waitForOther(ctx, l1);
      if (waited !== undefined) return { token: AccessToken.fromStored(waited), source: 'store' };
      continue;
    }
    try {
      const again = await ctx.call('get', () => store.get(key));
      if (again !== FAILED && adoptable(ctx, again, l1, forced)) {
        return { token: AccessToken.fromStored(again), source: 'store' };
      }
      return await networkAndSet();
    } finally {
      await ctx.call('release', () => lock.release());
    }
  }
  return networkAndSet();
}
