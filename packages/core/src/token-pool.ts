import type { AccessToken } from './access-token';
import { Closer, Sleeper, raceSignal } from './timers';
import { resolvePool, type BaseConfig } from './config';
import { apiBaseUrl } from './env';
import { AdumoOAuthError, callerAborted } from './errors';
import {
  Emitter,
  type TokenPoolEvents,
  healthOf,
  poolHealthOf,
  type MerchantStats,
  type TokenPoolStats,
  type TokenHealth,
  type TokenHealthState,
  type TokenPoolHealth,
  newCounters,
} from './observe';
import type { TokenPoolOptions } from './options';
import { BoundedMap, type EvictionReason } from './bounded-map';
import {
  RECENT_REDACTORS,
  buildMerchant,
  HitIndex,
  type Merchant,
  type MerchantParts,
} from './pool/merchant';
import { Gate } from './pool/gate';
import { MerchantLookup, checkMerchantId } from './pool/merchant-lookup';
import { describeError, redactText } from './redact';
import { SafeLogger } from './outside-text';
import type { GetTokenOptions, MerchantTokenSource } from './types';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const noRedactor = Object.assign((text: string) => redactText(text), { remember: () => undefined });

/**
 * Tokens for many merchants (one set of Adumo credentials each) in one process and, with a shared
 * store, one fleet. Each merchant gets the same sources as a {@link TokenManager} (refresh-ahead,
 * single-flight, stale-if-error, cooldown, the store's fleet lock) under its own cache key and
 * store seal; the rest (options, timers, logger, events) is shared, so a cached merchant costs
 * little more than its token. At most `maxMerchants` are kept (new ones not called again go
 * first, so a scan of one-time ids cannot push out regular merchants), and idle ones are dropped;
 * a merchant whose refresh is in flight can be dropped safely.
 *
 * @example
 * const pool = new TokenPool({ baseUrl: 'staging', credentials: (id) => db.adumoCredentials(id) });
 * const token = await pool.getToken('merchant-123');
 */
export class TokenPool {
  readonly #base: BaseConfig;
  readonly #events: Emitter<TokenPoolEvents>;
  readonly #counts = newCounters();
  readonly #totals = { evictions: 0, credentialLookups: 0, credentialFailures: 0 };
  readonly #closing = new Closer();
  readonly #sleeper = new Sleeper();
  readonly #merchants: BoundedMap<Merchant>;
  /** What a hit reads (the merchants in `#merchants`, their fresh-until times and promises). */
  readonly #hits = new HitIndex();
  readonly #lookup: MerchantLookup<Merchant>;
  readonly #log: SafeLogger;
  readonly #now: () => number;

  /** Validate `options` (throws a `config` error); nothing is resolved or requested until used. */
  constructor(options: TokenPoolOptions) {
    const resolved = resolvePool(options);
    const { maxMerchants, idleMs, credentialsTimeoutMs } = resolved.pool;
    const sleeper = this.#sleeper;
    const sleep = resolved.sleep ?? ((ms: number) => sleeper.sleep(ms));
    // One gate for every merchant, in the acquisition options they all share.
    const gate = new Gate({
      limit: resolved.pool.maxConcurrentRequests,
      perSecond: resolved.pool.maxRequestsPerSecond,
      failingShare: resolved.pool.failingShare,
      now: resolved.now,
      sleep,
    });
    const acquisition = { ...resolved.acquisition, gate };
    const base = (this.#base = { ...resolved, acquisition });
    this.#now = base.now;
    this.#log = new SafeLogger(base.logger, noRedactor);
    this.#events = new Emitter((error) =>
      this.#log.error(`an event listener threw: ${describeError(error, noRedactor)}`),
    );
    const parts: MerchantParts = {
      config: base,
      counts: this.#counts,
      sleeper,
      closing: this.#closing,
      sleep,
      events: this.#events,
      log: this.#log,
      redactors: new BoundedMap(RECENT_REDACTORS, { admission: false }),
      hits: this.#hits,
    };
    this.#merchants = new BoundedMap<Merchant>(maxMerchants, {
      idleMs,
      now: base.now,
      onEvict: (id, m, reason) => this.#evicted(id, m, reason),
    });
    this.#lookup = new MerchantLookup<Merchant>({
      resolve: options.credentials,
      build: (id, credentials, past) => buildMerchant(parts, id, credentials, past),
      adopt: (id, merchant) => {
        const previous = this.#merchants.peek(id); // replaced (never expected): no hit reads it
        if (previous !== undefined) this.#hits.remove(id, previous);
        this.#merchants.add(id, merchant);
        // Kept (a full map may turn a newcomer away): hits find it from now on.
        if (this.#merchants.peek(id) === merchant)
          this.#hits.add(id, merchant, merchant.refreshing.slot);
      },
      timeoutMs: credentialsTimeoutMs,
      maxConcurrent: resolved.pool.maxConcurrentLookups,
      failureTtlMs: base.refresh.cooldownMinMs,
      // Every merchant in memory can be failing, and as many just evicted.
      maxFailures: Math.max(1024, maxMerchants),
      now: base.now,
      closing: this.#closing,
      onLookup: () => void this.#totals.credentialLookups++,
      onFailure: () => void this.#totals.credentialFailures++,
      onCooling: () => void this.#counts.cooldownRejections++,
    });
    this.#events.onAll(options.hooks ?? {});
  }

  /** The Adumo API base URL the tokens are for (no trailing slash). */
  get baseUrl(): string {
    return apiBaseUrl(this.#base.request.tokenUrl);
  }

  /**
   * A usable token for `merchantId`, with every guarantee of `TokenManager.getToken()` for that
   * merchant. Rejects with a `MerchantError` for an invalid id, an unknown merchant or a failing
   * resolver (that merchant only). `signal` ends only this caller's wait.
   */
  getToken(merchantId: string, options?: GetTokenOptions): Promise<AccessToken> {
    // The refreshing source's fresh case, from the hit index (a Map lookup, a time compare, a
    // mark, the token's settled promise); admission and fairness work happen elsewhere.
    const settled = this.#hits.hit(merchantId, this.#now());
    if (settled !== undefined && options === undefined && !this.#closing.closed) {
      this.#counts.hits++;
      if (this.#events.counts.token) this.#hitEvent(merchantId);
      return settled;
    }
    const merchant = this.#merchants.get(merchantId);
    if (merchant === undefined) return this.#cold(merchantId, options);
    this.#merchants.sweepIfDue();
    return merchant.refreshing.getToken(options);
  }

  /** The merchant's cached, unexpired token, without any I/O (no resolver call either). */
  peek(merchantId: string): AccessToken | undefined {
    const token = this.#merchants.peek(merchantId)?.refreshing.slot.token;
    return token !== undefined && this.#base.now() < token.expiresAt ? token : undefined;
  }

  /** A {@link TokenSource} for one merchant (for `createAuthorizedFetch`, axios, adapters). */
  source(merchantId: string): MerchantTokenSource {
    const id = checkMerchantId(merchantId);
    return {
      merchantId: id,
      baseUrl: this.baseUrl,
      getToken: (options) => this.getToken(id, options),
      invalidate: (token) => this.invalidate(id, token),
    };
  }

  /** Compare-and-invalidate one merchant's token (in memory and in the store); see `TokenManager.invalidate`. */
  async invalidate(merchantId: string, token?: string | { readonly value: string }): Promise<void> {
    const merchant = this.#merchants.peek(merchantId);
    if (merchant === undefined) return;
    const value = typeof token === 'string' ? token : token?.value;
    merchant.refreshing.forget(value);
    if (!this.#closing.closed) await merchant.store?.delete(value);
  }

  /**
   * Drop a merchant from memory (its token and credentials), e.g. after its credentials were
   * rotated: the next call asks the resolver again. A refresh in flight still answers its callers.
   */
  forget(merchantId: string): Promise<void> {
    this.#lookup.forget(merchantId);
    const merchant = this.#merchants.peek(merchantId);
    if (merchant !== undefined) {
      this.#merchants.delete(merchantId);
      this.#hits.remove(merchantId, merchant);
      merchant.refreshing.retire();
    }
    return Promise.resolve();
  }

  /** Totals over every merchant; with a merchant id, that merchant's state (`undefined` if not in memory). */
  stats(): TokenPoolStats;
  stats(merchantId: string): MerchantStats | undefined;
  stats(merchantId?: string): TokenPoolStats | MerchantStats | undefined {
    if (merchantId === undefined)
      return { ...this.#counts, ...this.#totals, merchants: this.#merchants.size };
    const merchant = this.#merchants.peek(merchantId);
    if (merchant === undefined) return undefined;
    return { merchantId, ...healthOf(merchant.refreshing.health, this.#base.now()) };
  }

  /** One merchant's health (`empty` when not in memory), or without an id, the whole pool's. */
  health(): TokenPoolHealth;
  health(merchantId: string): TokenHealth;
  health(merchantId?: string): TokenPoolHealth | TokenHealth {
    const now = this.#base.now();
    if (merchantId !== undefined) {
      const merchant = this.#merchants.peek(merchantId);
      return healthOf(
        merchant?.refreshing.health ?? {
          token: undefined,
          failures: 0,
          lastError: undefined,
          coolUntil: -Infinity,
        },
        now,
      );
    }
    const states: TokenHealthState[] = [];
    for (const [, merchant] of this.#merchants.entries())
      states.push(healthOf(merchant.refreshing.health, now).state);
    return poolHealthOf(states);
  }

  /** Listen to a manager's events, each with its `merchantId`; returns an unsubscribe function. */
  on<K extends keyof TokenPoolEvents>(
    name: K,
    listener: (event: TokenPoolEvents[K]) => void,
  ): () => void {
    return this.#events.on(name, listener);
  }

  /** Remove a listener added with {@link TokenPool.on}. */
  off<K extends keyof TokenPoolEvents>(
    name: K,
    listener: (event: TokenPoolEvents[K]) => void,
  ): void {
    this.#events.off(name, listener);
  }

  /** End everything: requests in flight aborted, timers cleared, waiters and later calls get a `closed` error. Idempotent. */
  close(): Promise<void> {
    if (!this.#closing.closed) {
      const reason = new AdumoOAuthError('closed', 'the TokenPool was closed');
      this.#closing.close(reason);
      this.#sleeper.close(reason);
      for (const [, merchant] of this.#merchants.entries()) merchant.refreshing.stop(reason);
      this.#merchants.clear();
      this.#hits.clear();
    }
    return Promise.resolve();
  }

  /** Redacted description (no secret, no token, no merchant list). */
  toJSON(): Record<string, unknown> {
    return { tokenUrl: this.#base.request.tokenUrl, merchants: this.#merchants.size };
  }

  /** Redacted `util.inspect()` / `console.log()` view: the same fields as `toJSON()`. */
  [INSPECT](): string {
    return `TokenPool ${JSON.stringify(this.toJSON())}`;
  }

  async #cold(merchantId: string, options: GetTokenOptions | undefined): Promise<AccessToken> {
    if (this.#closing.closed) throw this.#closing.reason;
    const id = checkMerchantId(merchantId);
    const signal = options?.signal;
    if (signal?.aborted === true) throw callerAborted(signal, noRedactor);
    this.#merchants.sweepIfDue();
    const found = this.#lookup.lookup(id);
    const merchant = await (signal === undefined
      ? found
      : raceSignal(found, signal, () => callerAborted(signal, noRedactor)));
    return merchant.refreshing.getToken(options);
  }

  #hitEvent(merchantId: string): void {
    const token = this.#merchants.peek(merchantId)?.refreshing.slot.token as AccessToken;
    this.#events.emit('token', { source: 'cache', token, merchantId });
  }

  #evicted(merchantId: string, merchant: Merchant, reason: EvictionReason): void {
    this.#hits.remove(merchantId, merchant);
    this.#totals.evictions++;
    // Its failures outlive it: its next call respects its cooldown (no resolver call, no request).
    // A newer entry for the id (evicted with a refresh in flight, then called again) counts instead.
    merchant.refreshing.retire((past) => {
      if (this.#merchants.peek(merchantId) === undefined) this.#lookup.remember(merchantId, past);
    });
    this.#log.debug(`merchant ${merchantId} dropped from memory (${reason})`);
  }
}
