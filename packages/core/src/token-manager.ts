import type { AccessToken } from './access-token';
import { Closer, Sleeper } from './timers';
import { lazyCacheKey, type LazyCacheKey } from './shared/seal';
import { resolveConfig, type ResolvedConfig } from './config';
import { AdumoOAuthError } from './errors';
import { apiBaseUrl, optionsFromEnv } from './env';
import {
  Emitter,
  healthOf,
  newCounters,
  type TokenHealth,
  type TokenManagerEvents,
  type TokenManagerStats,
} from './observe';
import type { TokenManagerOptions } from './options';
import { createRedactor, describeError } from './redact';
import type { RefreshingSource } from './refreshing-source';
import { SafeLogger } from './outside-text';
import type { StoreAccess } from './shared/store-access';
import { composeSources } from './sources';
import type { GetTokenOptions, TokenSource } from './types';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Gets, caches and refreshes OAuth 2.0 client-credentials tokens: refresh-ahead, single-flight,
 * stale-if-error, cooldown, retries with backoff, an optional shared {@link TokenStore}. Lazy: no
 * timers unless `keepWarm` is set (and then `unref`'d).
 *
 * A facade over three token sources, each with one job: the acquisition source (request, parse,
 * validate, retry), the shared source (store, fleet lock) and the refreshing source (windows,
 * single-flight, stale-if-error, cooldown, keep-warm).
 */
export class TokenManager implements TokenSource {
  readonly #config: ResolvedConfig;
  readonly #events: Emitter<TokenManagerEvents>;
  readonly #counts = newCounters();
  readonly #sleeper = new Sleeper();
  readonly #key: LazyCacheKey;
  readonly #store: StoreAccess | undefined;
  readonly #refreshing: RefreshingSource;
  readonly #closing = new Closer();

  /** Validate `options` (throws a `config` error); no request is made until `getToken()`. */
  constructor(options: TokenManagerOptions) {
    const config = (this.#config = resolveConfig(options));
    const { clientId, clientSecret } = config.identity;
    const redact = createRedactor([clientSecret], [[clientId, clientSecret]]);
    const log = new SafeLogger(config.logger, redact);
    const events = (this.#events = new Emitter((error) =>
      log.error(`an event listener threw: ${describeError(error, redact)}`),
    ));
    this.#key = lazyCacheKey(config.identity);
    const sleeper = this.#sleeper;
    const sleep = config.sleep ?? ((ms: number) => sleeper.sleep(ms));
    const parts = { config, counts: this.#counts, sleeper, closing: this.#closing, sleep };
    const sources = composeSources(parts, config.identity, this.#key, { redact, log, events });
    this.#refreshing = sources.refreshing;
    this.#store = sources.store;
    events.onAll(options.hooks ?? {});
  }

  /**
   * A manager from `ADUMO_BASE_URL` (URL or `staging`/`production`), `ADUMO_CLIENT_ID` and
   * `ADUMO_CLIENT_SECRET`, with `overrides` on top; a missing variable is a `config` error that
   * names it.
   *
   * @example
   * // ADUMO_BASE_URL=staging ADUMO_CLIENT_ID=… ADUMO_CLIENT_SECRET=… node app.js
   * const tokens = TokenManager.fromEnv({ logger: console });
   */
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
    return apiBaseUrl(this.#config.identity.tokenUrl);
  }

  /**
   * The store key: full request identity with a hash of the secret (never the secret). Computed
   * with Web Crypto's SHA-256 when first needed (the first store call, or this call), hence the
   * promise; a manager without a store never computes it.
   */
  cacheKey(): Promise<string> {
    return this.#key();
  }

  /**
   * A usable token: the cached one (also inside the refresh window, while one background refresh
   * runs), or the result of the single in-flight refresh. `signal` ends only this caller's wait.
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    return this.#refreshing.getToken(options);
  }

  /** The cached token if it has not expired (even inside the refresh windows), without any I/O. */
  peek(): AccessToken | undefined {
    const token = this.#refreshing.slot.token;
    return token !== undefined && this.#config.now() < token.expiresAt ? token : undefined;
  }

  /**
   * Compare-and-invalidate: forget the cached token only if it is still `token` (value or token);
   * with no argument forget whatever is cached. Also deletes it from the store (compare-and-delete).
   */
  async invalidate(token?: string | AccessToken | { readonly value: string }): Promise<void> {
    const value = typeof token === 'string' ? token : token?.value;
    this.#refreshing.forget(value);
    if (!this.#closing.closed) await this.#store?.delete(value);
  }

  /**
   * The manager's health without any I/O: `ok`, `stale` (serving a valid token while refreshes
   * fail), `failing` or `empty`; expiry, failures in a row, the last error's code and status. No
   * secret, no token: safe to serve on a health endpoint.
   */
  health(): TokenHealth {
    return healthOf(this.#refreshing.health, this.#config.now());
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

  /**
   * End everything: the in-flight token request is aborted, timers are cleared, callers still
   * waiting and every later `getToken()` reject with a `closed` error. Idempotent.
   */
  close(): Promise<void> {
    if (!this.#closing.closed) {
      const reason = new AdumoOAuthError('closed', 'the TokenManager was closed');
      this.#closing.close(reason);
      this.#sleeper.close(reason);
      this.#refreshing.stop(reason);
    }
    return Promise.resolve();
  }

  /** Redacted description (no secret, no token). */
  toJSON(): Record<string, unknown> {
    const { identity } = this.#config;
    return {
      tokenUrl: identity.tokenUrl,
      clientId: identity.clientId,
      clientAuth: identity.clientAuth,
      cacheKey: this.#key.known,
      token: this.#refreshing.slot.token?.toJSON(),
    };
  }

  /** Redacted `util.inspect()` / `console.log()` view: the same fields as `toJSON()`. */
  [INSPECT](): string {
    return `TokenManager ${JSON.stringify(this.toJSON())}`;
  }
}
