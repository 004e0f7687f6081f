import { MAX_LIFETIME_MS, invalidTokenReason, type AccessToken } from '../access-token';
import { AdumoOAuthError } from '../errors';
import type { TokenManagerEvents } from '../observe';
import { describeError, sanitizeCause, type Redactor } from '../redact';
import { storeSkipMs } from '../retry';
import type { SafeLogger } from '../outside-text';
import { unref } from '../timers';
import type { StoredToken, TokenStore, TokenStoreLock } from '../types';
import { TokenSeal } from './seal';

import { BoundedMap, type CacheEntry } from '../bounded-map';
/** Marks a store call that failed, timed out or was skipped (already reported). */
export const FAILED = Symbol('store-failed');
/** The clock skew allowed for a record's `issuedAt`. */
const MAX_SKEW_MS = 60_000;

/** Run `fn` after the pending I/O callbacks (`setImmediate`), or on the next timer turn. */
function afterIo(fn: () => void): void {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') immediate(fn);
  else setTimeout(fn, 0);
}

/** What {@link StoreAccess} needs from the manager. */
export interface StoreAccessContext {
  /** The store key, computed when the store is first touched. */
  readonly key: () => Promise<string>;
  readonly secret: string;
  readonly encrypt: boolean;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly redact: Redactor;
  readonly log: SafeLogger;
  /** A store call failed (count it, emit `storeError`). */
  readonly onError: (event: TokenManagerEvents['storeError']) => void;
}

type Op = TokenManagerEvents['storeError']['operation'];

/** The sealed form of a token this manager wrote or read. */
interface Sealed extends CacheEntry {
  readonly sealed: string;
}

/**
 * The manager's guarded access to its {@link TokenStore}: every call bounded by a timeout; a
 * failure becomes a `storeError` event and {@link FAILED} (a miss) and makes the manager skip the
 * store for a backoff period (so a stalled store costs one timeout, not one per call); values
 * sealed on the way in and opened and validated on the way out.
 */
export class StoreAccess {
  readonly #seal: TokenSeal | undefined;
  /** Sealed form of the tokens this manager wrote or read, for compare-and-delete. */
  readonly #sealed = new BoundedMap<Sealed>(4, { admission: false });
  #skipUntil = -Infinity;
  #failures = 0;

  constructor(
    readonly store: TokenStore,
    private readonly context: StoreAccessContext,
  ) {
    this.#seal = context.encrypt ? new TokenSeal(context.secret, context.key) : undefined;
  }

  /** The stored token if it is one this manager may use, `undefined` if none, or {@link FAILED}. */
  async read(): Promise<StoredToken | undefined | typeof FAILED> {
    const raw = await this.#withKey('get', (key) => this.store.get(key));
    return raw === FAILED ? FAILED : this.#open(raw);
  }

  /** Store `token` (sealed). */
  async write(token: AccessToken): Promise<void> {
    const plain = token.toStored();
    const record = this.#seal === undefined ? plain : await this.#seal.seal(plain);
    this.#remember(plain.value, record.value);
    await this.#withKey('set', (key) => this.store.set(key, record));
  }

  /** Compare-and-delete `value` (a plain token), or delete whatever is stored. */
  async delete(value: string | undefined): Promise<void> {
    const ifValue = value === undefined ? undefined : (this.#sealed.get(value)?.sealed ?? value);
    await this.#withKey('delete', (key) => this.store.delete(key, ifValue));
  }

  /** The fleet lock, `undefined` when another holder has it, {@link FAILED} when unusable. */
  lock(ttlMs: number): Promise<TokenStoreLock | undefined | typeof FAILED> {
    const store = this.store;
    if (typeof store.lock !== 'function') return Promise.resolve(FAILED);
    return this.#withKey('lock', (key) => store.lock!(key, ttlMs));
  }

  /** Wait for another holder's token newer than `after` (see {@link TokenStore.waitForToken}). */
  async waitFor(
    after: number,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<StoredToken | undefined | typeof FAILED> {
    const store = this.store;
    if (typeof store.waitForToken !== 'function') return FAILED;
    const raw = await this.#withKey(
      'waitForToken',
      (key) => store.waitForToken!(key, { after, timeoutMs, signal }),
      timeoutMs + this.context.timeoutMs,
    );
    return raw === FAILED ? FAILED : this.#open(raw);
  }

  /** Whether the store offers a fleet lock. */
  get hasLock(): boolean {
    return typeof this.store.lock === 'function';
  }

  /** Whether the store offers `waitForToken`. */
  get hasWait(): boolean {
    return typeof this.store.waitForToken === 'function';
  }

  /**
   * Run one store call within the timeout. While the store is being skipped after a failure, the
   * call is not made at all and {@link FAILED} is returned.
   */
  async call<T>(
    operation: Op,
    fn: () => T | Promise<T>,
    timeoutMs = this.context.timeoutMs,
  ): Promise<T | typeof FAILED> {
    const { log, redact, now } = this.context;
    if (now() < this.#skipUntil) return FAILED;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const pending = Promise.resolve().then(fn);
      const timeout = new Promise<never>((_, reject) => {
        // The timeout is declared only after the I/O that has already arrived was handled: on a
        // busy event loop, timers run before I/O callbacks, so an answer that came in time
        // would otherwise lose to its own timeout (a burst of thousands of merchants did that).
        timer = setTimeout(
          () =>
            afterIo(() => reject(new Error(`no answer within ${timeoutMs} ms (storeTimeoutMs)`))),
          timeoutMs,
        );
        unref(timer);
      });
      pending.catch(() => undefined); // a late rejection after the timeout is not unhandled
      const value = await Promise.race([pending, timeout]);
      if (this.#failures > 0) {
        this.#failures = 0;
        log.info('token store recovered');
      }
      return value;
    } catch (raw) {
      const error = new AdumoOAuthError(
        'store',
        `token store ${operation} failed: ${describeError(raw, redact)}`,
        {
          cause: sanitizeCause(raw, redact),
        },
      );
      const skip = storeSkipMs(++this.#failures);
      this.#skipUntil = now() + skip;
      log.warn(
        `${error.message}; using the token endpoint directly for ${skip} ms, then trying the store again`,
      );
      this.context.onError({ operation, error });
      return FAILED;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * {@link StoreAccess.call} with the store key, computed (Web Crypto) before the call and its
   * timeout start; a key that cannot be computed is that call's failure.
   */
  async #withKey<T>(
    operation: Op,
    fn: (key: string) => T | Promise<T>,
    timeoutMs?: number,
  ): Promise<T | typeof FAILED> {
    let key: string;
    try {
      key = await this.context.key();
    } catch (error) {
      return this.call(
        operation,
        () => {
          throw error;
        },
        timeoutMs,
      );
    }
    return this.call(operation, () => fn(key), timeoutMs);
  }

  async #open(raw: unknown): Promise<StoredToken | undefined> {
    if (!wellFormed(raw, this.context.now())) return undefined;
    const plain = this.#seal === undefined ? raw : await this.#seal.open(raw);
    if (plain === undefined || invalidTokenReason(plain.value) !== undefined) return undefined;
    this.#remember(plain.value, raw.value);
    this.context.redact.remember(plain.value);
    return plain;
  }

  #remember(plain: string, sealed: string): void {
    this.#sealed.add(plain, { used: false, stamp: 0, sealed });
  }
}

/** A record with sane fields: a string value, finite times, a lifetime within bounds, an array scope. */
function wellFormed(stored: unknown, now: number): stored is StoredToken {
  const s = stored as Partial<StoredToken> | null | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.value === 'string' &&
    s.value !== '' &&
    typeof s.expiresAt === 'number' &&
    typeof s.issuedAt === 'number' &&
    Number.isFinite(s.expiresAt) &&
    Number.isFinite(s.issuedAt) &&
    s.expiresAt > s.issuedAt &&
    s.expiresAt - s.issuedAt <= MAX_LIFETIME_MS &&
    s.issuedAt <= now + MAX_SKEW_MS &&
    Array.isArray(s.scope) &&
    s.scope.every((x) => typeof x === 'string')
  );
}
