/**
 * The public contracts of @adumo-oauth/core that adapters and stores build on.
 * Adapters depend on {@link TokenSource} only; stores implement {@link TokenStore}.
 */
import type { AccessToken } from './access-token';

/** Options for a single {@link TokenSource.getToken} call. */
export interface GetTokenOptions {
  /** Ends this caller's wait (rejects with an `aborted` error); never cancels the shared refresh. */
  readonly signal?: AbortSignal | undefined;
  /** Skip the cache and request a new token (still single-flight with other forced callers). */
  readonly forceRefresh?: boolean | undefined;
  /**
   * Hand a refresh this call starts to the platform, e.g. `(p) => ctx.waitUntil(p)` in a
   * Cloudflare Worker, so it can finish after this request has answered.
   */
  readonly background?: ((work: Promise<unknown>) => void) | undefined;
}

/** A bearer access token with its metadata. `toString()`, `toJSON()` and `inspect()` are redacted. */
export interface AccessTokenLike {
  /** The raw token to send as `Authorization: Bearer <value>`. Never log it. */
  readonly value: string;
  /** Always `"Bearer"` (Adumo sends `bearer`; it is normalised). */
  readonly tokenType: 'Bearer';
  /** When the token stops being usable, epoch milliseconds (request sent time + `expires_in`, capped by JWT `exp`). */
  readonly expiresAt: number;
  /** Granted scopes (`scope` split on spaces). */
  readonly scope: readonly string[];
  /** The JWT `jti`, when the token is a JWT that has one. */
  readonly jti: string | undefined;
  /** The decoded, **unverified** JWT payload; `undefined` for opaque tokens. Diagnostics only. */
  readonly claims: Readonly<Record<string, unknown>> | undefined;
  /** The JWT `authorities` claim (Adumo permission names), or `[]`. */
  readonly authorities: readonly string[];
  /** Whether the token's `authorities` include `name`. */
  hasAuthority(name: string): boolean;
}

/**
 * Anything that can hand out access tokens. Adapters (fetch, Express, NestJS) depend only on this.
 * `TokenManager` implements it.
 */
export interface TokenSource {
  /** Resolve a usable (unexpired) token, from cache or the token endpoint. */
  getToken(options?: GetTokenOptions): Promise<AccessTokenLike>;
  /**
   * The API base URL the tokens are for (`TokenManager` has it). HTTP adapters attach the token
   * only to this URL's origin unless given an explicit list of allowed origins.
   */
  readonly baseUrl?: string;
  /**
   * Compare-and-invalidate: forget the cached token only if it is still `token` (a value or token
   * object); with no argument, forget whatever is cached. Used after an API answers 401.
   */
  invalidate?(token?: string | AccessTokenLike): Promise<void>;
}

/** The serialisable record a {@link TokenStore} keeps. */
export interface StoredToken {
  /** The raw access token. */
  readonly value: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  /** Epoch ms when the request that obtained the token was sent. */
  readonly issuedAt: number;
  /** Granted scopes. */
  readonly scope: readonly string[];
}

/** A held lock on a store key; release it when the refresh is over (even on failure). */
export interface TokenStoreLock {
  /**
   * Give the lock up; the manager calls it once the refresh is over, even when it failed. Release
   * only a lock this holder still owns (the lock's TTL may have passed), and do not throw.
   */
  release(): Promise<void>;
}

/**
 * A shared token cache, keyed by the manager's cache key (which contains a hash of the secret,
 * never the secret). Methods may be sync or async. A store that throws or rejects is treated as a
 * cache miss; the manager then talks to the token endpoint directly (never an outage).
 */
export interface TokenStore {
  /** The token stored under `key`, or `undefined` when there is none (or it has expired). */
  get(key: string): StoredToken | undefined | Promise<StoredToken | undefined>;
  /** Keep `token` until `token.expiresAt`. */
  set(key: string, token: StoredToken): void | Promise<void>;
  /** Delete the entry; when `ifValue` is given, only if the stored token's value is still `ifValue`. */
  delete(key: string, ifValue?: string): void | Promise<void>;
  /**
   * Optional fleet lock. Resolves a lock when this caller may refresh, or `undefined` when another
   * holder has it (then call {@link TokenStore.waitForToken} or poll `get`).
   */
  lock?(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>;
  /**
   * Optional: resolve when a token newer than `after` (epoch ms `issuedAt`) appears under `key`, or
   * `undefined` after `timeoutMs` or when `signal` aborts.
   */
  waitForToken?(
    key: string,
    options: { after: number; timeoutMs: number; signal?: AbortSignal | undefined },
  ): Promise<StoredToken | undefined>;
}

/** A logger that `console`, pino and Nest's `Logger` all satisfy. Every method is optional. */
export interface Logger {
  /** Routine detail: a token obtained (redacted) or invalidated, a merchant dropped from memory. */
  debug?(message: string, ...rest: unknown[]): void;
  /** Something recovered (e.g. the token store answers again); falls back to `log`. */
  info?(message: string, ...rest: unknown[]): void;
  /** The fallback for `info`, `warn` and `error` when the logger lacks them. */
  log?(message: string, ...rest: unknown[]): void;
  /** A failure: an attempt to be retried, a failed refresh, a store skipped for a while; falls back to `log`. */
  warn?(message: string, ...rest: unknown[]): void;
  /** A bug (a refresh failed with a non-Adumo error, an event listener threw); falls back to `warn`, then `log`. */
  error?(message: string, ...rest: unknown[]): void;
}

/** A merchant's {@link TokenSource}, for the fetch and axios wrappers and the adapters. */
export interface MerchantTokenSource extends TokenSource {
  /** The merchant whose tokens this source hands out, as passed to `pool.source(merchantId)`. */
  readonly merchantId: string;
  /** The API base URL the merchant's tokens are for. */
  readonly baseUrl: string;
  /** A usable token for this merchant (see `TokenManager.getToken`). */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Compare-and-invalidate this merchant's cached token (see `TokenManager.invalidate`). */
  invalidate(token?: string | { readonly value: string }): Promise<void>;
}
