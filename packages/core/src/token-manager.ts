import { raceSignal } from './abort';
import type { AccessToken } from './access-token';
import { computeCacheKey } from './cache-key';
import { resolveConfig, type ResolvedConfig } from './config';
import { isAdumoOAuthError } from './errors';
import { Emitter, type TokenManagerEvents } from './events';
import { optionsFromEnv } from './from-env';
import { requestToken } from './network';
import type { TokenManagerOptions } from './options';
import { createRedactor, redactToken, type Redactor } from './redact';
import { buildTokenRequest, type TokenRequest } from './request';
import { backgroundBackoff } from './retry-policy';
import { SafeLogger } from './safe-logger';
import { asAdumoError, callerAborted, describeError } from './sanitize';
import { Sleeper } from './sleeper';
import { newCounters, type TokenManagerStats } from './stats';
import { StoreAccess } from './store-access';
import { acquireViaStore } from './store-sync';
import type { GetTokenOptions, TokenSource } from './types';
import { refreshTimes } from './windows';
import { WarmTimer } from './warm-timer';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Gets, caches and refreshes OAuth 2.0 client-credentials tokens: refresh-ahead, single-flight,
 * stale-if-error, retries with backoff, an optional shared {@link TokenStore}. Lazy: no timers
 * unless `keepWarm` is set (and then `unref`'d).
 */
export class TokenManager implements TokenSource {
  readonly #config: ResolvedConfig;
  readonly #request: TokenRequest;
  readonly #redact: Redactor;
  readonly #log: SafeLogger;
  readonly #events: Emitter<TokenManagerEvents>;
  readonly #counts = newCounters();
  readonly #sleeper = new Sleeper();
  readonly #now: () => number;
  readonly #key: string;
  readonly #warm: WarmTimer | undefined;
  readonly #store: StoreAccess | undefined;
  #token: AccessToken | undefined;
  #refreshAt = -Infinity;
  #mustRefreshAt = -Infinity;
  #inflight: Promise<AccessToken> | undefined;
  #failuresInRow = 0;
  #nextBackgroundAt = -Infinity;
  #waiters = 0;

  /** Validate `options` (throws a `ConfigError`); no request is made until `getToken()`. */
  constructor(options: TokenManagerOptions) {
    this.#config = resolveConfig(options);
    this.#redact = createRedactor([this.#config.clientSecret]);
    this.#request = buildTokenRequest(this.#config);
    this.#log = new SafeLogger(this.#config.logger, this.#redact);
    this.#events = new Emitter((error) =>
      this.#log.error(`an event listener threw: ${describeError(error, this.#redact)}`),
    );
    this.#now = this.#config.now;
    this.#key = computeCacheKey(this.#config);
    this.#store =
      this.#config.store === undefined
        ? undefined
        : new StoreAccess(this.#config.store, {
            config: this.#config,
            key: this.#key,
            redact: this.#redact,
            log: this.#log,
            sleep: this.#config.sleep ?? ((ms) => this.#sleeper.sleep(ms)),
            onError: (event) => {
              this.#counts.storeErrors++;
              this.#events.emit('storeError', event);
            },
          });
    this.#warm = this.#config.keepWarm ? new WarmTimer(() => this.#background()) : undefined;
    this.#events.onAll(options.hooks ?? {});
  }

  /** A manager from `ADUMO_BASE_URL` (URL or `staging`/`production`), `ADUMO_CLIENT_ID`, `ADUMO_CLIENT_SECRET`. */
  static fromEnv(
    overrides?: Partial<TokenManagerOptions>,
    env?: Readonly<Record<string, string | undefined>>,
  ): TokenManager {
    return new TokenManager(optionsFromEnv(overrides, env));
  }

  /**
   * The Adumo API base URL the token is for (no trailing slash): `baseUrl` as configured, or the
   * token URL's origin when only `tokenUrl` was given. Adapters send the token only to its origin.
   */
  get baseUrl(): string {
    const { tokenUrl } = this.#config;
    const suffix = '/oauth/token';
    return tokenUrl.endsWith(suffix) ? tokenUrl.slice(0, -suffix.length) : new URL(tokenUrl).origin;
  }

  /** The store key: full request identity with a hash of the secret (never the secret). */
  get cacheKey(): string {
    return this.#key;
  }

  /**
   * A usable token: the cached one (also inside the refresh window, while one background refresh
   * runs), or the result of the single in-flight refresh. `signal` ends only this caller's wait.
   */
  async getToken(options?: GetTokenOptions): Promise<AccessToken> {
    const token = this.#token;
    if (
      token !== undefined &&
      this.#now() < this.#refreshAt &&
      (options === undefined || (options.forceRefresh !== true && options.signal?.aborted !== true))
    ) {
      this.#counts.hits++;
      if (this.#events.counts.token) this.#events.emit('token', { source: 'cache', token });
      return token;
    }
    return this.#slow(options?.signal, options?.forceRefresh === true);
  }

  /** The cached token if it has not expired (even inside the refresh windows), without any I/O. */
  peek(): AccessToken | undefined {
    const token = this.#token;
    return token !== undefined && this.#now() < token.expiresAt ? token : undefined;
  }

  /**
   * Compare-and-invalidate: forget the cached token only if it is still `token` (value or token);
   * with no argument forget whatever is cached. Also deletes it from the store (compare-and-delete).
   */
  async invalidate(token?: string | AccessToken | { readonly value: string }): Promise<void> {
    const value = typeof token === 'string' ? token : token?.value;
    if (value === undefined || this.#token?.value === value) {
      if (this.#token !== undefined)
        this.#log.debug(`invalidated ${redactToken(this.#token.value)}`);
      this.#token = undefined;
      this.#refreshAt = this.#mustRefreshAt = this.#nextBackgroundAt = -Infinity;
      this.#warm?.stop();
    }
    const store = this.#store;
    if (store !== undefined) await store.call('delete', () => store.store.delete(this.#key, value));
  }

  /** A snapshot of the counters. */
  stats(): TokenManagerStats {
    return { ...this.#counts };
  }

  /** Listen to `token`, `refreshError`, `retry` or `storeError`; returns an unsubscribe function. */
  on<K extends keyof TokenManagerEvents>(
    name: K,
    listener: (event: TokenManagerEvents[K]) => void,
  ): () => void {
    return this.#events.on(name, listener);
  }

  /** Remove a listener added with {@link TokenManager.on}. */
  off<K extends keyof TokenManagerEvents>(
    name: K,
    listener: (event: TokenManagerEvents[K]) => void,
  ): void {
    this.#events.off(name, listener);
  }

  /** Stop the keep-warm timer. The manager stays usable (lazily) afterwards. */
  close(): Promise<void> {
    this.#warm?.stop();
    return Promise.resolve();
  }

  /** Redacted description (no secret, no token). */
  toJSON(): Record<string, unknown> {
    return {
      tokenUrl: this.#request.safeUrl.split('?')[0],
      clientId: this.#config.clientId,
      clientAuth: this.#config.clientAuth,
      cacheKey: this.#key,
      token: this.#token?.toJSON(),
    };
  }

  [INSPECT](): string {
    return `TokenManager ${JSON.stringify(this.toJSON())}`;
  }

  async #slow(signal: AbortSignal | undefined, forced: boolean): Promise<AccessToken> {
    if (signal?.aborted === true) throw callerAborted(signal, this.#redact);
    const token = this.#token;
    const now = this.#now();
    if (!forced && token !== undefined && now < this.#mustRefreshAt) {
      if (now >= this.#refreshAt) this.#background();
      this.#counts.hits++;
      if (this.#events.counts.token) this.#events.emit('token', { source: 'cache', token });
      return token;
    }
    this.#counts.misses++;
    const shared = this.#inflight ?? this.#start(forced);
    if (++this.#waiters === 1) this.#sleeper.setRef(true);
    try {
      return await (signal === undefined
        ? shared
        : raceSignal(shared, signal, () => callerAborted(signal, this.#redact)));
    } catch (error) {
      if (isAdumoOAuthError(error) && error.code === 'aborted') throw error;
      const current = this.#token;
      if (!forced && current !== undefined && this.#now() < current.expiresAt) {
        this.#counts.staleServed++;
        return current; // stale-if-error: the previous token is still valid
      }
      throw error;
    } finally {
      if (--this.#waiters === 0) this.#sleeper.setRef(false);
    }
  }

  /** Start a background refresh unless one runs or the backoff after a failure is not over. */
  #background(): void {
    if (this.#inflight === undefined && this.#now() >= this.#nextBackgroundAt) {
      void this.#start(false); // rejection handled in #start
    }
  }

  #start(forced: boolean): Promise<AccessToken> {
    const run = this.#cycle(forced);
    this.#inflight = run;
    const clear = (): void => {
      if (this.#inflight === run) this.#inflight = undefined;
    };
    run.then(clear, clear); // (if it settled synchronously) and handles a background rejection
    return run;
  }

  async #cycle(forced: boolean): Promise<AccessToken> {
    this.#counts.refreshes++;
    const previous = this.#token;
    try {
      const { token, source } = await this.#acquire(forced, previous);
      this.#inflight = undefined; // before events: a listener may call getToken() again
      this.#install(token);
      if (source === 'store') this.#counts.storeHits++;
      this.#log.debug(
        `token from ${source}: ${redactToken(token.value)} jti=${token.jti ?? '-'} expires in ${Math.round((token.expiresAt - this.#now()) / 1000)} s`,
      );
      this.#events.emit('token', { source, token });
      return token;
    } catch (raw) {
      const error = asAdumoError(raw, this.#redact);
      this.#inflight = undefined;
      this.#counts.failures++;
      this.#failuresInRow++;
      const now = this.#now();
      const current = this.#token;
      const staleUntil =
        current !== undefined && now < current.expiresAt ? current.expiresAt : undefined;
      this.#nextBackgroundAt = now + backgroundBackoff(this.#config, this.#failuresInRow, error);
      if (staleUntil !== undefined) this.#warm?.schedule(this.#nextBackgroundAt - now);
      const when =
        staleUntil === undefined
          ? 'no valid token'
          : `serving the previous token for ${Math.round((staleUntil - now) / 1000)} s`;
      this.#log.warn(
        `token refresh failed (${this.#failuresInRow} in a row; ${when}): ${error.message}`,
      );
      this.#events.emit('refreshError', {
        error,
        background: staleUntil !== undefined,
        consecutiveFailures: this.#failuresInRow,
        staleUntil,
      });
      throw error;
    }
  }

  #acquire(
    forced: boolean,
    l1: AccessToken | undefined,
  ): Promise<{ token: AccessToken; source: 'network' | 'store' }> {
    const fromNetwork = (): Promise<AccessToken> =>
      requestToken(this.#config, this.#request, this.#redact, {
        sleep: this.#config.sleep ?? ((ms) => this.#sleeper.sleep(ms)),
        onAttempt: () => void this.#counts.requests++,
        onRetry: (attempt, delayMs, error) => {
          this.#counts.retries++;
          this.#log.warn(
            `token request attempt ${attempt} failed, retrying in ${delayMs} ms: ${error.message}`,
          );
          this.#events.emit('retry', { attempt, delayMs, error });
        },
      });
    const store = this.#store;
    if (store === undefined) return fromNetwork().then((token) => ({ token, source: 'network' }));
    return acquireViaStore(store.context, l1, forced, fromNetwork);
  }

  #install(token: AccessToken): void {
    const times = refreshTimes(token.issuedAt, token.expiresAt, this.#config);
    this.#token = token;
    this.#refreshAt = times.refreshAt;
    this.#mustRefreshAt = times.mustRefreshAt;
    this.#failuresInRow = 0;
    this.#nextBackgroundAt = -Infinity;
    this.#warm?.schedule(times.refreshAt - this.#now());
  }
}

/**
 * A `TokenManager` from the environment: the same as {@link TokenManager.fromEnv}.
 *
 * @example
 * // ADUMO_BASE_URL=staging ADUMO_CLIENT_ID=… ADUMO_CLIENT_SECRET=… node app.js
 * const tokens = fromEnv({ logger: console });
 */
export function fromEnv(
  overrides?: Partial<TokenManagerOptions>,
  env?: Readonly<Record<string, string | undefined>>,
): TokenManager {
  return TokenManager.fromEnv(overrides, env);
}
