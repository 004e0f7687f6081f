import type { TokenManagerEvents, TokenPoolEvents } from './observe';
import type { Logger, TokenStore } from './types';

/** Where the client credentials go in the token request. Exactly one placement is used. */
export type ClientAuthMethod = 'query' | 'body' | 'basic';

/** A window before expiry, as a share of the token's lifetime, capped. */
export interface WindowOptions {
  /** Share of the lifetime (0–1). */
  readonly ratio?: number | undefined;
  /** Upper bound, ms. */
  readonly maxMs?: number | undefined;
}

/** Retry policy for one token acquisition. */
export interface RetryOptions {
  /** Attempts in total, including the first (default 4; 1 disables retries). */
  readonly maxAttempts?: number | undefined;
  /** Base of the exponential backoff, ms (default 100). */
  readonly baseDelayMs?: number | undefined;
  /** Cap of one backoff delay, ms (default 5000). Delays use full jitter: random × min(cap, base × 2^n). */
  readonly maxDelayMs?: number | undefined;
  /** Cap of an honoured `Retry-After`, ms (default 30000). */
  readonly maxRetryAfterMs?: number | undefined;
  /** Floor of an honoured `Retry-After`, ms (default 1000): `Retry-After: 0` never means "now". */
  readonly minRetryAfterMs?: number | undefined;
}

/**
 * After a refresh fails, no new one starts for a while: callers holding a valid token keep it,
 * callers without one get the last failure at once. Doubles per failure in a row, jittered.
 */
export interface CooldownOptions {
  /** After the first failure, ms (default 1000; the jitter makes it 50–100 % of this). */
  readonly minMs?: number | undefined;
  /** Upper bound, ms (default 10000). */
  readonly maxMs?: number | undefined;
}

/** The minimal `fetch` the manager needs (the global one by default). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Options of `new TokenManager(options)`. Only `clientId`, `clientSecret` and a URL are required. */
export interface TokenManagerOptions {
  /**
   * API host, e.g. `ADUMO_HOSTS.staging`, or a preset's name (`'staging'`, `'production'`); the
   * token URL is `baseUrl + '/oauth/token'`.
   */
  readonly baseUrl?: string | undefined;
  /** Full token endpoint URL (overrides `baseUrl`). */
  readonly tokenUrl?: string | undefined;
  /** OAuth client id. */
  readonly clientId: string;
  /** OAuth client secret. Never logged, printed or serialised. */
  readonly clientSecret: string;
  /** Credential placement: `query` (Adumo's documented form, default), `body` or `basic`. */
  readonly clientAuth?: ClientAuthMethod | undefined;
  /** Scope(s) to request (Adumo takes none; omitted by default). */
  readonly scope?: string | readonly string[] | undefined;
  /** Extra token request parameters (not `grant_type`, `client_id`, `client_secret`, `scope`). */
  readonly extraParams?: Readonly<Record<string, string>> | undefined;
  /** Lifetime used when the response has neither `expires_in` nor a JWT `exp`, seconds (default 300). */
  readonly defaultExpiresInSeconds?: number | undefined;
  /** Refresh-ahead window (default ratio 0.25, max 1 h). */
  readonly refreshWindow?: WindowOptions | undefined;
  /** Must-refresh window in which callers wait for the refresh (default ratio 0.1, max 30 s). */
  readonly mustRefreshWindow?: WindowOptions | undefined;
  /** Retry policy. */
  readonly retry?: RetryOptions | undefined;
  /** Pause between failed refreshes, shared by all callers (default 1 s doubling up to 10 s). */
  readonly cooldown?: CooldownOptions | undefined;
  /** Shortest token lifetime accepted, seconds (default 1); a shorter one is an `invalid_response` error. */
  readonly minLifetimeSeconds?: number | undefined;
  /**
   * A refresh that no caller waits for (a background or keep-warm refresh) is abandoned after
   * this many ms (default 5000), so it never keeps a finished process alive.
   */
  readonly backgroundTimeoutMs?: number | undefined;
  /**
   * Upper bound of one store call (`get`, `set`, `delete`, `lock`, `release`), ms (default 2000).
   * After a store call fails or times out the store is skipped for a while (1 s, doubling up to
   * 30 s), then tried again.
   */
  readonly storeTimeoutMs?: number | undefined;
  /**
   * Encrypt and authenticate what goes into the {@link TokenStore} (AES-256-GCM, key derived by
   * HKDF from the client secret and the cache key), so a store dump yields no usable token and a
   * copied, forged or tampered value is rejected. Default `true`; `false` stores plain tokens
   * (only for a store you fully trust).
   */
  readonly storeEncryption?: boolean | undefined;
  /** Per-attempt timeout, ms (default 10000). */
  readonly timeoutMs?: number | undefined;
  /** Overall deadline of one acquisition including retries, ms (default 30000). */
  readonly deadlineMs?: number | undefined;
  /** Shared token store (L2), e.g. `RedisTokenStore`. Default: none (in-process cache only). */
  readonly store?: TokenStore | undefined;
  /** Fleet lock TTL and the longest wait for another holder's token, ms (default 15000). */
  readonly lockTtlMs?: number | undefined;
  /** Refresh in the background at the refresh time with an `unref`'d timer (default false). */
  readonly keepWarm?: boolean | undefined;
  /** `fetch` implementation (default `globalThis.fetch`). */
  readonly fetch?: FetchFunction | undefined;
  /** Clock, epoch ms (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /** Logger (`console`, pino, Nest `Logger`…). Silent by default. */
  readonly logger?: Logger | undefined;
  /** Event listeners to register at once (the same as calling `on()` for each). */
  readonly hooks?:
    | {
        readonly [K in keyof TokenManagerEvents]?:
          ((event: TokenManagerEvents[K]) => void) | undefined;
      }
    | undefined;
  /**
   * Hand every refresh this manager starts to the platform, so it may finish after the request
   * that started it, e.g. `(p) => ctx.waitUntil(p)` in a Cloudflare Worker. A per-call
   * `getToken({ background })` takes precedence. The promise given never rejects.
   */
  readonly background?: ((work: Promise<unknown>) => void) | undefined;
}

/** A merchant's Adumo client credentials, as a pool's resolver returns them. */
export interface MerchantCredentials {
  /** The merchant's OAuth client id. */
  readonly clientId: string;
  /** The merchant's OAuth client secret (redacted wherever the pool reports anything). */
  readonly clientSecret: string;
}

/**
 * Looks up one merchant's credentials (database, vault…). Return `undefined` or `null` for an
 * unknown merchant. Called once per merchant the pool keeps in memory (again after eviction or
 * `forget()`), never twice at once for the same merchant.
 */
export type CredentialsResolver = (
  merchantId: string,
) => MerchantCredentials | null | undefined | Promise<MerchantCredentials | null | undefined>;

/**
 * Options of `new TokenPool(options)`: every {@link TokenManagerOptions} that is not per merchant
 * (URL, windows, retries, cooldown, store, logger, …), plus the credentials resolver and bounds.
 */
export interface TokenPoolOptions extends Omit<
  TokenManagerOptions,
  'clientId' | 'clientSecret' | 'hooks'
> {
  /** Each merchant's credentials: `(merchantId) => ({ clientId, clientSecret })`. */
  readonly credentials: CredentialsResolver;
  /** Most merchants kept in memory (default 10 000); beyond it the least recently used go. */
  readonly maxMerchants?: number | undefined;
  /**
   * A merchant without a call for this long (up to twice this) is dropped from memory, ms
   * (default 3 600 000, one hour; `Infinity` keeps merchants until `maxMerchants` pushes them out).
   */
  readonly idleMs?: number | undefined;
  /**
   * Most token requests in flight at once across all merchants (default 64); the others wait
   * their turn, so a cold start of thousands of merchants neither runs out of sockets nor floods
   * the token endpoint. Waiting counts against each acquisition's `deadlineMs`.
   */
  readonly maxConcurrentRequests?: number | undefined;
  /**
   * Most token requests per second across all merchants (default 500, in bursts of at most one
   * second's worth; `Infinity` for no ceiling): 500/s lets a cold start of 10,000 merchants finish
   * in about 20 s, inside the default `deadlineMs` (30 s), which waiting counts against. Lower it
   * if your gateway allows less, and raise `deadlineMs` to match (a cold start of N merchants
   * takes N / maxRequestsPerSecond seconds).
   */
  readonly maxRequestsPerSecond?: number | undefined;
  /**
   * The share of `maxConcurrentRequests` and of `maxRequestsPerSecond` that merchants whose last
   * token request failed (and retries), together with the first requests of new merchants while
   * new merchants are not getting tokens, may use, from 0.01 to 1 (default 0.2: 12 of 64
   * requests in flight, 100 of 500 per second, evenly paced with no burst). Failing merchants
   * are served after every other merchant, so they never delay healthy ones' refreshes; each new
   * merchant that gets a token lets the next two new ones go at the full rate, so a cold start
   * of healthy merchants is not held to this share.
   */
  readonly failingShare?: number | undefined;
  /**
   * Most calls of the credentials resolver at once (default 16); the others wait their turn, so a
   * flood of new merchant ids cannot exhaust your database pool. Calls for the same id are shared.
   */
  readonly maxConcurrentLookups?: number | undefined;
  /**
   * Longest resolver call, ms (default 10 000), counted from the call (not from the wait for a
   * turn); then `credentials_unavailable`.
   */
  readonly credentialsTimeoutMs?: number | undefined;
  /** Event listeners to register at once (the same as `pool.on()`); every event has a `merchantId`. */
  readonly hooks?:
    | {
        readonly [K in keyof TokenPoolEvents]?: ((event: TokenPoolEvents[K]) => void) | undefined;
      }
    | undefined;
}
