import { AccessToken, type RefreshTimes } from '../access-token';
import { LOCK_ROUNDS } from '../retry';
import type { StoredToken } from '../types';
import { FAILED, type StoreAccess } from './store-access';

/** The options of the shared source. */
export interface SharedOptions {
  readonly lockTtlMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** When a token with these times enters its refresh and must-refresh windows. */
  readonly times: (issuedAt: number, expiresAt: number) => RefreshTimes;
}

/** One acquisition through the store. */
interface StoreContext extends SharedOptions {
  readonly access: StoreAccess;
  readonly network: SharedSource['network'];
  /** Ends the acquisition (manager closed, refresh abandoned). */
  readonly signal: AbortSignal;
  /** The identity's last acquisition failed (passed on to the network). */
  readonly failing: boolean;
}

/** A token, and where it came from. */
export type Acquired = { readonly token: AccessToken; readonly from: 'network' | 'store' };

/** A source below the refreshing one: the shared source, or the acquisition source itself. */
export interface Upstream {
  /**
   * A new token for a leader holding `cached` (the cached token, if any); `signal` ends it.
   * `failing`: the identity's last acquisition failed (a pool schedules it after healthy ones).
   */
  acquire(
    cached: AccessToken | undefined,
    forced: boolean,
    signal: AbortSignal,
    failing?: boolean,
  ): Promise<Acquired>;
  /**
   * Whether the token request's fetch call is running right now (synchronously): a `getToken()`
   * made then comes from inside the token request itself.
   */
  readonly sending: boolean;
}

/**
 * The shared source: before asking the network, read and adopt from the {@link TokenStore}, take
 * the fleet lock or wait for its holder; write what the network gave. The store owns its key
 * namespace; values are sealed and validated by {@link StoreAccess}.
 */
export class SharedSource {
  constructor(
    readonly access: StoreAccess,
    readonly network: Upstream,
    private readonly options: SharedOptions,
  ) {}

  /** See {@link Upstream.sending}. */
  get sending(): boolean {
    return this.network.sending;
  }

  /** A token for the single-flight leader holding `cached` (the cached token, if any). */
  acquire(
    cached: AccessToken | undefined,
    forced: boolean,
    signal: AbortSignal,
    failing = false,
  ): Promise<Acquired> {
    const ctx = { ...this.options, access: this.access, signal, network: this.network, failing };
    return acquireViaStore(ctx, cached, forced);
  }
}

const POLL_MS = 100;

/** Step 1 / double-check: a stored token worth adopting instead of refreshing. */
function adoptable(
  ctx: StoreContext,
  stored: StoredToken | undefined,
  cached: AccessToken | undefined,
  forced: boolean,
): stored is StoredToken {
  if (stored === undefined) return false;
  if (ctx.now() >= ctx.times(stored.issuedAt, stored.expiresAt).refreshAt) return false;
  if (forced)
    return (
      cached !== undefined && stored.value !== cached.value && stored.issuedAt > cached.issuedAt
    );
  return cached === undefined || stored.expiresAt > cached.expiresAt;
}

/** A token another holder of the lock has just stored: newer than the cached one, still usable. */
function newer(
  ctx: StoreContext,
  stored: StoredToken | undefined,
  cached: AccessToken | undefined,
): stored is StoredToken {
  return (
    stored !== undefined &&
    stored.issuedAt > (cached?.issuedAt ?? 0) &&
    stored.value !== cached?.value &&
    ctx.now() < ctx.times(stored.issuedAt, stored.expiresAt).mustRefreshAt
  );
}

async function waitForOther(
  ctx: StoreContext,
  cached: AccessToken | undefined,
): Promise<StoredToken | undefined> {
  const { access, lockTtlMs } = ctx;
  if (access.hasWait) {
    const waited = await access.waitFor(cached?.issuedAt ?? 0, lockTtlMs, ctx.signal);
    return waited !== FAILED && newer(ctx, waited, cached) ? waited : undefined;
  }
  const until = ctx.now() + lockTtlMs;
  for (let i = 0; i <= Math.ceil(lockTtlMs / POLL_MS) && ctx.now() < until; i++) {
    await ctx.sleep(POLL_MS);
    const stored = await access.read();
    if (stored === FAILED) return undefined;
    if (newer(ctx, stored, cached)) return stored;
  }
  return undefined;
}

/**
 * Acquire a token through the shared store (the single-flight leader only): adopt a better stored
 * token, else take the fleet lock (double-check, then network + `set`, release in `finally`) or
 * wait for the holder's token. A wait that times out (the holder died: its lock has just expired)
 * tries the lock once more, so the survivors elect one new holder instead of all calling the
 * endpoint; a second timeout goes to the network. Store failures degrade to the network, and
 * after one the store is skipped (see `StoreAccess`), so a stalled store costs one timeout.
 */
async function acquireViaStore(
  ctx: StoreContext,
  cached: AccessToken | undefined,
  forced: boolean,
): Promise<Acquired> {
  const { access } = ctx;
  const stored = await access.read();
  if (stored !== FAILED && adoptable(ctx, stored, cached, forced)) {
    return { token: AccessToken.fromStored(stored), from: 'store' };
  }
  const networkAndSet = async (): Promise<{ token: AccessToken; from: 'network' }> => {
    const { token } = await ctx.network.acquire(cached, forced, ctx.signal, ctx.failing);
    await access.write(token);
    return { token, from: 'network' };
  };
  if (!access.hasLock || stored === FAILED) return networkAndSet();
  for (let round = 0; round < LOCK_ROUNDS; round++) {
    const lock = await access.lock(ctx.lockTtlMs);
    if (lock === FAILED) return networkAndSet();
    if (lock === undefined) {
      const waited = await waitForOther(ctx, cached);
      if (waited !== undefined) return { token: AccessToken.fromStored(waited), from: 'store' };
      continue;
    }
    try {
      const again = await access.read();
      if (again !== FAILED && adoptable(ctx, again, cached, forced)) {
        return { token: AccessToken.fromStored(again), from: 'store' };
      }
      return await networkAndSet();
    } finally {
      await access.call('release', () => lock.release());
    }
  }
  return networkAndSet();
}
