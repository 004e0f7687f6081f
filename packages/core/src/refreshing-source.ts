import {
  EMPTY_SLOT,
  refreshTimes,
  type AccessToken,
  type TokenSlot,
  type WindowSettings,
} from './access-token';
import {
  AdumoOAuthError,
  asAdumoError,
  callerAborted,
  isAdumoOAuthError,
  reentered,
} from './errors';
import type { Counters, EventSink, HealthInput, TokenManagerEvents } from './observe';
import { describeError, redactToken, type Redactor } from './redact';
import { cooldownMs, isAbortOrClose, type CooldownPolicy, type PastFailure } from './retry';
import type { SafeLogger } from './outside-text';
import type { Upstream } from './shared/shared-source';
import { LongTimer, cycleSignal, raceSignal, unref, type Closer, type Sleeper } from './timers';
import type { GetTokenOptions } from './types';

/** The options of the refreshing source, and nothing else. */
export interface RefreshOptions extends CooldownPolicy, WindowSettings {
  /** A refresh nobody waits for is abandoned after this. */
  readonly backgroundTimeoutMs: number;
  /** The longest a caller waits for a refresh (a refresh that can never settle ends in a timeout). */
  readonly waitLimitMs: number;
  readonly keepWarm: boolean;
  /** Hands a started refresh to the platform (`ctx.waitUntil`); a per-call `background` wins. */
  readonly background: ((work: Promise<unknown>) => void) | undefined;
  readonly now: () => number;
}

/** What the refreshing source uses: the next source down, and the manager's telemetry. */
export interface RefreshContext {
  readonly upstream: Upstream;
  readonly redact: Redactor;
  readonly log: SafeLogger;
  readonly events: EventSink<TokenManagerEvents>;
  readonly counts: Counters;
  readonly sleeper: Sleeper;
  /** Ends everything (the manager closed). */
  readonly closing: Closer;
}

/**
 * The refreshing source (the token cycler), the whole refresh algorithm:
 * - **fresh**: the cached token at once; **refresh window**: the cached token at once while ONE
 *   background refresh runs; **must-refresh window** and cold: callers wait for the refresh;
 * - **single-flight**: one refresh at a time, shared; **stale-if-error**: a valid token stays in use;
 * - **cooldown**: after a failure no refresh starts for a while (1 s doubling to 10 s, jittered, not
 *   past a valid token's expiry, never under `Retry-After`); callers without a token get the failure;
 * - **keep-warm** (optional): one `unref`'d timer; an unwaited refresh is abandoned after
 *   `backgroundTimeoutMs`, and can be handed to the platform (`waitUntil`).
 */
export class RefreshingSource {
  #slot: TokenSlot = EMPTY_SLOT;
  #mustRefreshAt = -Infinity;
  #inflight: Promise<AccessToken> | undefined;
  #failuresInRow = 0;
  /** Until then no refresh starts (cooldown); `#lastError` is what callers without a token get. */
  #coolUntil = -Infinity;
  #lastError: unknown;
  #warm: LongTimer | undefined; // keep-warm: made when first armed
  #waiters = 0;
  /** What callers wait for: the refresh, bounded by one timer per refresh, ended by close(). */
  #limit: ReturnType<typeof setTimeout> | undefined;
  #rejectInflight: ((error: unknown) => void) | undefined;
  #retired = false;
  #onRetiredFailure: ((past: PastFailure) => void) | undefined; // the pool's failure memory

  constructor(
    private readonly options: RefreshOptions,
    private readonly context: RefreshContext,
    /** Told of every new slot (a pool's hit index copies it). */
    private readonly onSlot?: (slot: TokenSlot) => void,
  ) {}

  /** The token slot: the cached token (even inside the windows), if any, and what a hit reads. */
  get slot(): TokenSlot {
    return this.#slot;
  }

  /** What `health()` is computed from. */
  get health(): HealthInput {
    const [token, failures, lastError] = [this.#slot.token, this.#failuresInRow, this.#lastError];
    return { token, failures, lastError, coolUntil: this.#coolUntil };
  }

  /** A usable token; see the class description. */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    const [slot, context] = [this.#slot, this.context];
    const settled = slot.settled;
    if (
      settled !== undefined &&
      this.options.now() < slot.refreshAt &&
      !context.closing.closed &&
      (options === undefined || (options.forceRefresh !== true && options.signal?.aborted !== true))
    ) {
      context.counts.hits++;
      if (context.events.counts.token)
        context.events.emit('token', { source: 'cache', token: slot.token as AccessToken });
      return settled;
    }
    return this.#wait(options);
  }

  /** Forget the cached token if it is `value` (or whatever is cached); the cooldown stays. */
  forget(value: string | undefined): void {
    if (value !== undefined && this.#slot.token?.value !== value) return;
    if (this.#slot.token !== undefined)
      this.context.log.debug(`invalidated ${redactToken(this.#slot.token.value)}`);
    [this.#slot, this.#mustRefreshAt] = [EMPTY_SLOT, -Infinity];
    this.onSlot?.(EMPTY_SLOT);
    this.#warm?.clear();
  }

  /**
   * Evicted from a pool: no keep-warm; a refresh in flight still settles for its waiters. `remember`
   * gets the failure state (now, or when the refresh in flight fails): the cooldown outlives eviction.
   */
  retire(remember?: (past: PastFailure) => void): void {
    this.#retired = true;
    this.#warm?.clear();
    this.#onRetiredFailure = remember;
    if (this.#inflight === undefined && this.#failuresInRow > 0) this.#tellRetired();
  }

  /** A merchant rebuilt after eviction takes up its failures: the cooldown goes on growing. */
  recall({ failures, error, coolUntil }: PastFailure): void {
    [this.#failuresInRow, this.#lastError, this.#coolUntil] = [failures, error, coolUntil];
  }

  #tellRetired(): void {
    const error = this.#lastError;
    this.#onRetiredFailure?.({ failures: this.#failuresInRow, error, coolUntil: this.#coolUntil });
  }

  /** The manager is closing: stop the keep-warm timer, end every wait with `reason`. */
  stop(reason: unknown): void {
    this.#warm?.clear();
    this.#rejectInflight?.(reason);
  }

  async #wait(call: GetTokenOptions | undefined): Promise<AccessToken> {
    const { context } = this;
    const signal = call?.signal;
    const forced = call?.forceRefresh === true;
    if (context.closing.closed) throw context.closing.reason;
    if (signal?.aborted === true) throw callerAborted(signal, context.redact);
    const token = this.#slot.token;
    const now = this.options.now();
    if (!forced && token !== undefined && now < this.#mustRefreshAt) {
      if (now >= this.#slot.refreshAt) this.#background(call?.background);
      context.counts.hits++;
      if (context.events.counts.token) context.events.emit('token', { source: 'cache', token });
      return token;
    }
    if (this.#inflight === undefined && now < this.#coolUntil) {
      if (!forced && token !== undefined && now < token.expiresAt) {
        context.counts.staleServed++;
        return token;
      }
      context.counts.cooldownRejections++;
      throw this.#lastError;
    }
    if (context.upstream.sending) throw reentered(); // from inside the token request: never a token
    context.counts.misses++;
    const run = this.#inflight ?? this.#start(forced, call?.background);
    if (++this.#waiters === 1) this.#setRef(true);
    try {
      return await (signal === undefined
        ? run
        : raceSignal(run, signal, () => callerAborted(signal, context.redact)));
    } catch (error) {
      if (isAbortOrClose(error)) throw error;
      const current = this.#slot.token;
      if (!forced && current !== undefined && this.options.now() < current.expiresAt) {
        context.counts.staleServed++;
        return current; // stale-if-error: the previous token is still valid
      }
      throw error;
    } finally {
      if (--this.#waiters === 0) this.#setRef(false);
    }
  }

  #background(hand?: (work: Promise<unknown>) => void): void {
    const idle = this.#inflight === undefined && this.options.now() >= this.#coolUntil;
    if (idle) void this.#start(false, hand);
  }

  #start(forced: boolean, hand = this.options.background): Promise<AccessToken> {
    const { context, options } = this;
    context.counts.refreshes++;
    const { closing } = context;
    const cycle = cycleSignal(closing, options.backgroundTimeoutMs, () => this.#waiters > 0);
    const failing = this.#failuresInRow > 0; // scheduled after healthy merchants in a pool
    const acquired = context.upstream.acquire(this.#slot.token, forced, cycle.signal, failing).then(
      ({ token, from }) => {
        this.#settle(run, cycle);
        if (context.closing.closed) throw context.closing.reason;
        this.#install(token);
        if (from === 'store') context.counts.storeHits++;
        context.log.debug(
          `token from ${from}: ${redactToken(token.value)} jti=${token.jti ?? '-'} expires in ${Math.round((token.expiresAt - options.now()) / 1000)} s`,
        );
        context.events.emit('token', { source: from, token });
        return token;
      },
      (raw: unknown) => {
        this.#settle(run, cycle);
        if (context.closing.closed) throw context.closing.reason;
        throw this.#failed(asAdumoError(raw, context.redact));
      },
    );
    const run = new Promise<AccessToken>((resolve, reject) => {
      this.#rejectInflight = reject;
      acquired.then(resolve, reject);
    });
    const limitMs = options.waitLimitMs;
    const late = new AdumoOAuthError('timeout', `no token within ${limitMs} ms`);
    this.#limit = setTimeout(() => this.#rejectInflight?.(late), limitMs);
    if (this.#waiters === 0) unref(this.#limit);
    this.#inflight = run;
    run.catch(() => undefined); // a refresh nobody waits for must not be an unhandled rejection
    hand?.(run.catch(() => undefined));
    return run;
  }

  #settle(run: Promise<AccessToken>, cycle: { dispose(): void }): void {
    cycle.dispose(); // `run` is over: no longer in flight, before events (a listener may call getToken())
    if (this.#inflight !== run) return;
    this.#inflight = this.#rejectInflight = undefined;
    clearTimeout(this.#limit);
    this.#limit = undefined; // a cleared timer still holds its callback: not kept per merchant
  }

  /** Keep the process alive (pending sleeps, the wait limit) only while a caller waits. */
  #setRef(ref: boolean): void {
    this.context.sleeper.setRef(ref);
    (this.#limit as { ref?(): void; unref?(): void } | undefined)?.[ref ? 'ref' : 'unref']?.();
  }

  /** Record a failed refresh (cooldown, counters, log, event) and return the error to throw. */
  #failed(error: Error): Error {
    const { context, options } = this;
    context.counts.failures++;
    const failures = ++this.#failuresInRow;
    const now = options.now();
    const expiresAt = this.#slot.token?.expiresAt;
    const staleUntil = expiresAt !== undefined && now < expiresAt ? expiresAt : undefined;
    const staleFor = staleUntil === undefined ? undefined : staleUntil - now;
    const pause = cooldownMs(options, failures, error, staleFor);
    this.#coolUntil = now + pause;
    this.#lastError = error;
    if (this.#retired) this.#tellRetired();
    if (staleUntil !== undefined) this.#arm(pause);
    if (!isAdumoOAuthError(error)) {
      context.log.error(
        `token refresh failed with a programming error: ${describeError(error, context.redact)}`,
      );
      return error;
    }
    const when =
      staleUntil === undefined
        ? 'no valid token'
        : `serving the previous token for ${Math.round((staleUntil - now) / 1000)} s`;
    context.log.warn(`token refresh failed (${failures} in a row; ${when}): ${error.message}`);
    context.events.emit('refreshError', {
      error,
      background: staleUntil !== undefined,
      consecutiveFailures: failures,
      staleUntil,
    });
    return error;
  }

  #install(token: AccessToken): void {
    const times = refreshTimes(token.issuedAt, token.expiresAt, this.options);
    this.context.redact.remember(token.value);
    this.#slot = { token, refreshAt: times.refreshAt, settled: Promise.resolve(token) };
    this.onSlot?.(this.#slot);
    this.#mustRefreshAt = times.mustRefreshAt;
    this.#failuresInRow = 0;
    this.#coolUntil = -Infinity;
    this.#lastError = undefined;
    this.#arm(times.refreshAt - this.options.now());
  }

  /** Keep-warm: (re)arm the one `unref`'d timer to refresh in `delayMs`. */
  #arm(delayMs: number): void {
    if (!this.options.keepWarm || this.#retired) return;
    (this.#warm ??= new LongTimer()).set(delayMs, () => this.#background());
  }
}
