import type { AccessToken } from './access-token';
import { isAdumoOAuthError, type AdumoOAuthError } from './errors';

// Events ---------------------------------------------------------------------------------------

/** Payload of the `request` event: one HTTP token request (attempt) is about to be sent. */
export interface RequestEvent {
  /** Unique in the process; the matching `response` event has the same `id`. */
  readonly id: number;
  /** 1 for the first attempt of an acquisition, 2 for its first retry, … */
  readonly attempt: number;
  /** The HTTP method: token requests are always `POST`. */
  readonly method: 'POST';
  /** The token URL with `client_secret` (and any token) redacted. */
  readonly url: string;
}

/** Payload of the `response` event: the attempt of the `request` event with the same `id` ended. */
export interface ResponseEvent extends RequestEvent {
  /** HTTP status, or `undefined` when no response arrived (network error, timeout, abort). */
  readonly status: number | undefined;
  /** From sending to the end of reading the answer, ms (the manager's clock). */
  readonly durationMs: number;
  /** Why the attempt failed (redacted, usually an `AdumoOAuthError`), `undefined` on success. */
  readonly error: Error | undefined;
}

/**
 * Every event a `TokenManager` emits, by name, with its payload (e.g. `TokenManagerEvents['token']`).
 */
export interface TokenManagerEvents {
  /** A token was handed to a caller or acquired (from the network, the store or the memory cache). */
  token: {
    /** `network`: fresh from the endpoint; `store`: adopted from the shared store; `cache`: an in-memory hit. */
    readonly source: 'network' | 'cache' | 'store';
    /** The token (its `toString()`, `toJSON()` and `inspect()` are redacted; `value` is not). */
    readonly token: AccessToken;
  };
  /** A refresh cycle failed after its retries. */
  refreshError: {
    /** Why the cycle failed (redacted), e.g. a `TokenEndpointError` or a `network` error. */
    readonly error: AdumoOAuthError;
    /** Whether callers were still being served the previous token (stale-if-error). */
    readonly background: boolean;
    /** Failed cycles in a row. */
    readonly consecutiveFailures: number;
    /** When the previous token (if any) expires, epoch ms. */
    readonly staleUntil: number | undefined;
  };
  /** A token request attempt failed and another follows after `delayMs`. */
  retry: {
    /** The attempt that failed: 1 for the first request of an acquisition, 2 for its first retry, … */
    readonly attempt: number;
    /** How long the manager waits before the next attempt, ms (backoff with jitter, or `Retry-After`). */
    readonly delayMs: number;
    /** Why the attempt failed (redacted; a retryable error, e.g. a 5xx, 429, timeout or network error). */
    readonly error: AdumoOAuthError;
  };
  /** A {@link TokenStore} call failed; the manager carried on without the store (went to the network). */
  storeError: {
    /** The {@link TokenStore} method that failed (or timed out). */
    readonly operation: 'get' | 'set' | 'delete' | 'lock' | 'release' | 'waitForToken';
    /** What the store threw, wrapped in a redacted `store` error. */
    readonly error: AdumoOAuthError;
  };
  /** A token request attempt is about to be sent. */
  request: RequestEvent;
  /** A token request attempt ended (answered, failed or aborted). */
  response: ResponseEvent;
}

/** Every event a `TokenPool` emits: a manager's events, each naming its merchant. */
export type TokenPoolEvents = {
  [K in keyof TokenManagerEvents]: TokenManagerEvents[K] & {
    /** The merchant whose token source emitted the event. */
    readonly merchantId: string;
  };
};

type Listener<T> = (event: T) => void;

/** Where a source sends its events: an {@link Emitter}, or a pool's per-merchant view of one. */
export interface EventSink<E extends object> {
  /** Listener count per event (read on the hot path to skip building unwanted events). */
  readonly counts: { readonly [K in keyof E]?: number };
  emit<K extends keyof E>(name: K, event: E[K]): void;
}

/** A tiny typed event emitter; listener exceptions are reported, never thrown into the manager. */
export class Emitter<E extends object> implements EventSink<E> {
  readonly #listeners = new Map<keyof E, Listener<never>[]>();
  /** Listener count per event (read on the hot path). */
  readonly counts: { [K in keyof E]?: number } = {};

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on<K extends keyof E>(name: K, listener: Listener<E[K]>): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const list = [...(this.#listeners.get(name) ?? []), listener as Listener<never>];
    this.#listeners.set(name, list);
    this.counts[name] = list.length;
    return () => this.off(name, listener);
  }

  /** Register several listeners at once (`{ name: listener }`; `undefined` entries skipped). */
  onAll(listeners: { readonly [K in keyof E]?: Listener<E[K]> | undefined }): void {
    for (const name of Object.keys(listeners) as (keyof E)[]) {
      const listener = listeners[name];
      if (listener !== undefined) this.on(name, listener);
    }
  }

  off<K extends keyof E>(name: K, listener: Listener<E[K]>): void {
    const list = this.#listeners.get(name) ?? [];
    const index = list.indexOf(listener);
    if (index < 0) return;
    const next = list.filter((_, i) => i !== index);
    this.#listeners.set(name, next);
    this.counts[name] = next.length;
  }

  emit<K extends keyof E>(name: K, event: E[K]): void {
    const list = this.#listeners.get(name);
    if (list === undefined) return;
    for (const listener of list) {
      try {
        (listener as Listener<E[K]>)(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

/** A merchant's view of the pool's emitter: every event gains its `merchantId`. */
export class MerchantEvents implements EventSink<TokenManagerEvents> {
  constructor(
    private readonly emitter: Emitter<TokenPoolEvents>,
    private readonly merchantId: string,
  ) {}
  get counts(): EventSink<TokenManagerEvents>['counts'] {
    return this.emitter.counts;
  }
  emit<K extends keyof TokenManagerEvents>(name: K, event: TokenManagerEvents[K]): void {
    this.emitter.emit(name, { ...event, merchantId: this.merchantId } as TokenPoolEvents[K]);
  }
}

// Counters -------------------------------------------------------------------------------------

/** Counters of a `TokenManager`, from `stats()`. */
export interface TokenManagerStats {
  /** `getToken()` calls answered at once from memory (including inside the refresh window). */
  readonly hits: number;
  /** `getToken()` calls that had to wait for a refresh (cold, expired, must-refresh or forced). */
  readonly misses: number;
  /** Refresh cycles run (each is one single-flight acquisition, background or not). */
  readonly refreshes: number;
  /** HTTP token requests sent (attempts, including retries). */
  readonly requests: number;
  /** Attempts that were retried. */
  readonly retries: number;
  /** Refresh cycles that failed after their retries. */
  readonly failures: number;
  /** Callers served the previous, still valid token after a failed refresh (stale-if-error). */
  readonly staleServed: number;
  /** Tokens adopted from the shared store instead of the network. */
  readonly storeHits: number;
  /** Store calls that failed (each degraded to the network). */
  readonly storeErrors: number;
  /** Calls answered with the last failure during the cooldown after a failed refresh (no request sent). */
  readonly cooldownRejections: number;
}

/** Mutable counters behind {@link TokenManagerStats}. */
export function newCounters(): { -readonly [K in keyof TokenManagerStats]: number } {
  return {
    hits: 0,
    misses: 0,
    refreshes: 0,
    requests: 0,
    retries: 0,
    failures: 0,
    staleServed: 0,
    storeHits: 0,
    storeErrors: 0,
    cooldownRejections: 0,
  };
}

/** The mutable counters a manager's sources increment. */
export type Counters = ReturnType<typeof newCounters>;

/** Totals of a `TokenPool`, from `stats()`: a manager's counters summed over merchants. */
export interface TokenPoolStats extends TokenManagerStats {
  /** Merchants in memory now. */
  readonly merchants: number;
  /** Merchants dropped from memory (capacity or idle). */
  readonly evictions: number;
  /** Calls of the credentials resolver. */
  readonly credentialLookups: number;
  /** Resolver calls that failed (unknown merchant, error, timeout, invalid answer). */
  readonly credentialFailures: number;
}

// Health ---------------------------------------------------------------------------------------

/**
 * What a token source can say about itself without any I/O:
 * - `ok`: a valid token, and the last refresh (if any) succeeded;
 * - `stale`: a valid token is being served while refreshes fail (stale-if-error);
 * - `failing`: no valid token, and the last attempt to get one failed;
 * - `empty`: no valid token and no failure (nothing asked yet, invalidated, or lazily expired).
 */
export type TokenHealthState = 'ok' | 'stale' | 'failing' | 'empty';

/** A health snapshot: no secret, no token, nothing from the endpoint's answer but a status. */
export interface TokenHealth {
  /** `ok`, `stale`, `failing` or `empty`: see {@link TokenHealthState}. */
  readonly state: TokenHealthState;
  /** When the cached token expires, epoch ms (`undefined` without a valid token). */
  readonly expiresAt: number | undefined;
  /** Failed refreshes in a row (0 after a success). */
  readonly consecutiveFailures: number;
  /** The `code` of the last failure (`token_endpoint`, `network`, …; `unknown` for a programming error). */
  readonly lastErrorCode: string | undefined;
  /** The HTTP status of the last failure, when the endpoint answered one. */
  readonly lastErrorStatus: number | undefined;
  /** No refresh starts before this (cooldown after a failure), epoch ms; `undefined` when none. */
  readonly retryAt: number | undefined;
}

/** The refreshing source's state that health is computed from. */
export interface HealthInput {
  readonly token: AccessToken | undefined;
  readonly failures: number;
  readonly lastError: unknown;
  readonly coolUntil: number;
}

/** The one place that classifies a source's state (used by `TokenManager` and `TokenPool`). */
export function healthOf(input: HealthInput, now: number): TokenHealth {
  const { token, failures, lastError, coolUntil } = input;
  const valid = token !== undefined && now < token.expiresAt;
  const failed = failures > 0 && lastError !== undefined;
  const status = (lastError as { status?: unknown } | undefined)?.status;
  return {
    state: valid ? (failed ? 'stale' : 'ok') : failed ? 'failing' : 'empty',
    expiresAt: valid ? token.expiresAt : undefined,
    consecutiveFailures: failures,
    lastErrorCode: !failed ? undefined : isAdumoOAuthError(lastError) ? lastError.code : 'unknown',
    lastErrorStatus: failed && typeof status === 'number' ? status : undefined,
    retryAt: coolUntil > now ? coolUntil : undefined,
  };
}

/** The pool's health: how many merchants are in each state. */
export interface TokenPoolHealth {
  /** `failing` when every merchant with a state is failing, `degraded` when some are stale or failing. */
  readonly state: 'ok' | 'degraded' | 'failing' | 'empty';
  /** Merchants in memory now. */
  readonly merchants: number;
  /** How many of those merchants are in each {@link TokenHealthState}. */
  readonly byState: Readonly<Record<TokenHealthState, number>>;
}

/** A pool's health from its merchants' states (the one place that aggregates them). */
export function poolHealthOf(states: readonly TokenHealthState[]): TokenPoolHealth {
  const byState = { ok: 0, stale: 0, failing: 0, empty: 0 };
  for (const s of states) byState[s]++;
  const known = byState.ok + byState.stale + byState.failing;
  const state =
    known === 0
      ? 'empty'
      : byState.failing === known
        ? 'failing'
        : byState.ok === known
          ? 'ok'
          : 'degraded';
  return { state, merchants: states.length, byState };
}

/** One merchant's state, from `pool.stats(merchantId)`: its health, no secret, no token. */
export interface MerchantStats extends TokenHealth {
  /** The merchant these stats are for, as passed to `stats(merchantId)`. */
  readonly merchantId: string;
}
