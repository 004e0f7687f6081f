import { cycleSignal, raceSignal, type Closer } from './abort';
import type { AccessToken } from './access-token';
import { honouredRetryAfter, unit, type RetryPolicy } from './acquisition/retry';
import { AdumoOAuthError, asAdumoError, callerAborted, isAdumoOAuthError } from './errors';
import type { EventSink, TokenManagerEvents, HealthInput, Counters } from './observe';
import { describeError, redactToken, type Redactor } from './redact';
import type { SafeLogger } from './safe-logger';
import type { Upstream } from './shared/shared-source';
import { unref, type Sleeper } from './sleeper';
import type { GetTokenOptions } from './types';
import { refreshTimes, type WindowSettings } from './windows';

/** The options of the refreshing source, and nothing else. */
export interface RefreshOptions extends RetryPolicy, WindowSettings {
  readonly cooldownMinMs: number;
  readonly cooldownMaxMs: number;
  /** A refresh nobody waits for is abandoned after this. */
  readonly backgroundTimeoutMs: number;
  /** The longest a caller waits for a refresh (a refresh that can never settle ends in a timeout). */
  readonly waitLimitMs: number;
  readonly keepWarm: boolean;
  /** Hands a started refresh to the platform (`ctx.waitUntil`); a per-call `background` wins. */
  readonly background: ((work: Promise<unknown>) => void) | undefined;
  readonly now: () => number;
  readonly random: () => number;
}

/** What the refreshing source uses: the next source down, and the manager's telemetry. */
export interface RefreshDeps {
  readonly upstream: Upstream;
  readonly redact: Redactor;
  readonly log: SafeLogger;
  readonly events: EventSink<TokenManagerEvents>;
  readonly counts: Counters;
  readonly sleeper: Sleeper;
  /** Ends everything (the manager closed). */
  readonly closing: Closer;
}

const MAX_TIMER = 2_147_483_647; // setTimeout's longest delay

/** A source's failures, which a pool keeps beyond eviction (see `retire` and `recall`). */
export interface PastFailure {
  /** Failed acquisitions in a row. */
  readonly failures: number;
  /** What callers without a token get until `coolUntil`. */
  readonly error: unknown;
  /** No new refresh before this (epoch ms). */
  readonly coolUntil: number;
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
  #token: AccessToken | undefined;
  #refreshAt = -Infinity;
  #mustRefreshAt = -Infinity;
  #inflight: Promise<AccessToken> | undefined;
  #failuresInRow = 0;
  /** Until then no refresh starts (cooldown); `#lastError` is what callers without a token get. */
  #coolUntil = -Infinity;
  #lastError: unknown;
  #warm: ReturnType<typeof setTimeout> | undefined;
  #waiters = 0;
  /** What callers wait for: the refresh, bounded by one timer per refresh, ended by close(). */
  #limit: ReturnType<typeof setTimeout> | undefined;
  #rejectInflight: ((error: unknown) => void) | undefined;
  #retired = false;
  /** Told of a failure once retired (the pool remembers it beyond eviction). */
  #onRetiredFailure: ((past: PastFailure) => void) | undefined;

  constructor(
    private readonly o: RefreshOptions,
    private readonly deps: RefreshDeps,
  ) {}

  /** The cached token (even inside the windows), if any. */
  get current(): AccessToken | undefined {
    return this.#token;
  }

  /** What `health()` is computed from. */
  get health(): HealthInput {
    const f = this.#failuresInRow;
    return {
      token: this.#token,
      failures: f,
      lastError: this.#lastError,
      coolUntil: this.#coolUntil,
    };
  }

  /** A usable token; see the class description. */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    const token = this.#token;
    if (
      token !== undefined &&
      this.o.now() < this.#refreshAt &&
      !this.deps.closing.closed &&
      (options === undefined || (options.forceRefresh !== true && options.signal?.aborted !== true))
    ) {
      this.deps.counts.hits++;
      if (this.deps.events.counts.token) this.deps.events.emit('token', { source: 'cache', token });
      return Promise.resolve(token);
    }
    return this.#wait(options);
  }

  /** Forget the cached token if it is `value` (or whatever is cached); the cooldown stays. */
  forget(value: string | undefined): void {
    if (value !== undefined && this.#token?.value !== value) return;
    if (this.#token !== undefined)
      this.deps.log.debug(`invalidated ${redactToken(this.#token.value)}`);
    this.#token = undefined;
    this.#refreshAt = this.#mustRefreshAt = -Infinity;
    this.#disarm();
  }

  /**
   * Evicted from a pool: no keep-warm any more; a refresh in flight still settles for its waiters.
   * `remember` gets the failure state, now if the last acquisition failed, or when the refresh in
   * flight fails, so an evicted merchant's next call still respects its cooldown.
   */
  retire(remember?: (past: PastFailure) => void): void {
    this.#retired = true;
    this.#disarm();
    this.#onRetiredFailure = remember;
    if (this.#inflight === undefined && this.#failuresInRow > 0) this.#tellRetired();
  }

  /** A merchant rebuilt after eviction takes up its failures: the cooldown goes on growing. */
  recall(past: PastFailure): void {
    this.#failuresInRow = past.failures;
    this.#lastError = past.error;
    this.#coolUntil = past.coolUntil;
  }

  #tellRetired(): void {
    const error = this.#lastError;
    this.#onRetiredFailure?.({ failures: this.#failuresInRow, error, coolUntil: this.#coolUntil });
  }

  /** The manager is closing: stop the keep-warm timer, end every wait with `reason`. */
  stop(reason: unknown): void {
    this.#disarm();
    this.#rejectInflight?.(reason);
  }

  async #wait(options: GetTokenOptions | undefined): Promise<AccessToken> {
    const { deps, o } = this;
    const signal = options?.signal;
    const forced = options?.forceRefresh === true;
    if (deps.closing.closed) throw deps.closing.reason;
    if (signal?.aborted === true) throw callerAborted(signal, deps.redact);
    const token = this.#token;
    const now = o.now();
    if (!forced && token !== undefined && now < this.#mustRefreshAt) {
      if (now >= this.#refreshAt) this.#background(options?.background);
      deps.counts.hits++;
      if (deps.events.counts.token) deps.events.emit('token', { source: 'cache', token });
      return token;
    }
    if (this.#inflight === undefined && now < this.#coolUntil) {
      if (!forced && token !== undefined && now < token.expiresAt) {
        deps.counts.staleServed++;
        return token;
      }
      deps.counts.cooldownRejections++;
      throw this.#lastError;
    }
    deps.counts.misses++;
    const run = this.#inflight ?? this.#start(forced, options?.background);
    if (++this.#waiters === 1) this.#setRef(true);
    try {
      return await (signal === undefined
        ? run
        : raceSignal(run, signal, () => callerAborted(signal, deps.redact)));
    } catch (error) {
      if (isAdumoOAuthError(error) && (error.code === 'aborted' || error.code === 'closed'))
        throw error;
      const current = this.#token;
      if (!forced && current !== undefined && o.now() < current.expiresAt) {
        deps.counts.staleServed++;
        return current; // stale-if-error: the previous token is still valid
      }
      throw error;
    } finally {
      if (--this.#waiters === 0) this.#setRef(false);
    }
  }

  #background(hand?: (work: Promise<unknown>) => void): void {
    const idle = this.#inflight === undefined && this.o.now() >= this.#coolUntil;
    if (idle) void this.#start(false, hand);
  }

  #start(forced: boolean, hand = this.o.background): Promise<AccessToken> {
    const { deps, o } = this;
    deps.counts.refreshes++;
    const cycle = cycleSignal(deps.closing, o.backgroundTimeoutMs, () => this.#waiters > 0);
    const failing = this.#failuresInRow > 0; // scheduled after healthy merchants in a pool
    const acquired = deps.upstream.acquire(this.#token, forced, cycle.signal, failing).then(
      ({ token, source }) => {
        this.#settle(run, cycle);
        if (deps.closing.closed) throw deps.closing.reason;
        this.#install(token);
        if (source === 'store') deps.counts.storeHits++;
        deps.log.debug(
          `token from ${source}: ${redactToken(token.value)} jti=${token.jti ?? '-'} expires in ${Math.round((token.expiresAt - o.now()) / 1000)} s`,
        );
        deps.events.emit('token', { source, token });
        return token;
      },
      (raw: unknown) => {
        this.#settle(run, cycle);
        if (deps.closing.closed) throw deps.closing.reason;
        throw this.#failed(asAdumoError(raw, deps.redact));
      },
    );
    const run = new Promise<AccessToken>((resolve, reject) => {
      this.#rejectInflight = reject;
      acquired.then(resolve, reject);
    });
    this.#limit = setTimeout(
      () =>
        this.#rejectInflight?.(
          new AdumoOAuthError('timeout', `no token within ${o.waitLimitMs} ms`),
        ),
      o.waitLimitMs,
    );
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
    this.deps.sleeper.setRef(ref);
    (this.#limit as { ref?(): void; unref?(): void } | undefined)?.[ref ? 'ref' : 'unref']?.();
  }

  /** Record a failed refresh (cooldown, counters, log, event) and return the error to throw. */
  #failed(error: Error): Error {
    const { deps, o } = this;
    deps.counts.failures++;
    const failures = ++this.#failuresInRow;
    const now = o.now();
    const current = this.#token;
    const staleUntil =
      current !== undefined && now < current.expiresAt ? current.expiresAt : undefined;
    const ceiling = Math.min(o.cooldownMaxMs, o.cooldownMinMs * 2 ** Math.min(failures - 1, 30));
    const retryAfter = (error as { retryAfterMs?: unknown }).retryAfterMs;
    // With a valid token left, the next try comes before it expires (at most half the time left).
    const backoff = Math.floor(ceiling * (0.5 + unit(o.random()) / 2));
    const paced =
      staleUntil === undefined ? backoff : Math.min(backoff, Math.max(100, (staleUntil - now) / 2));
    const pause = Math.max(
      paced,
      typeof retryAfter === 'number' ? honouredRetryAfter(o, retryAfter) : 0,
    );
    this.#coolUntil = now + pause;
    this.#lastError = error;
    if (this.#retired) this.#tellRetired();
    if (staleUntil !== undefined) this.#arm(pause);
    if (!isAdumoOAuthError(error)) {
      deps.log.error(
        `token refresh failed with a programming error: ${describeError(error, deps.redact)}`,
      );
      return error;
    }
    const when =
      staleUntil === undefined
        ? 'no valid token'
        : `serving the previous token for ${Math.round((staleUntil - now) / 1000)} s`;
    deps.log.warn(`token refresh failed (${failures} in a row; ${when}): ${error.message}`);
    deps.events.emit('refreshError', {
      error,
      background: staleUntil !== undefined,
      consecutiveFailures: failures,
      staleUntil,
    });
    return error;
  }

  #install(token: AccessToken): void {
    const times = refreshTimes(token.issuedAt, token.expiresAt, this.o);
    this.deps.redact.remember(token.value);
    this.#token = token;
    this.#refreshAt = times.refreshAt;
    this.#mustRefreshAt = times.mustRefreshAt;
    this.#failuresInRow = 0;
    this.#coolUntil = -Infinity;
    this.#lastError = undefined;
    this.#arm(times.refreshAt - this.o.now());
  }

  /** Keep-warm: (re)arm the one `unref`'d timer to refresh in `delayMs` (long delays re-arm). */
  #arm(delayMs: number): void {
    if (!this.o.keepWarm || this.#retired) return;
    this.#disarm();
    const delay = Math.min(Math.max(0, delayMs), MAX_TIMER);
    this.#warm = setTimeout(() => {
      this.#warm = undefined;
      if (delayMs > MAX_TIMER) this.#arm(delayMs - MAX_TIMER);
      else this.#background();
    }, delay);
    unref(this.#warm);
  }

  #disarm(): void {
    clearTimeout(this.#warm);
    this.#warm = undefined;
  }
}
