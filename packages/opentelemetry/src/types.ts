import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type {
  TokenHealth,
  TokenManagerStats,
  TokenPoolHealth,
  TokenPoolStats,
} from '@adumo-oauth/core';
import type { RequestEvent, ResponseEvent } from '@adumo-oauth/core/adapter';

/**
 * The counters `instrument()` reads from `stats()`: the names a `TokenManager` and a `TokenPool`
 * share, and a pool's own totals.
 */
export type InstrumentedStats = Pick<
  TokenManagerStats,
  | 'hits'
  | 'misses'
  | 'staleServed'
  | 'cooldownRejections'
  | 'refreshes'
  | 'failures'
  | 'retries'
  | 'storeHits'
  | 'storeErrors'
> &
  Partial<Pick<TokenPoolStats, 'evictions' | 'credentialLookups' | 'credentialFailures'>>;

/** The events `instrument()` listens to; a `TokenPool` adds the `merchantId` of the request. */
export interface InstrumentedEvents {
  /** A token request is about to be sent: starts its span. */
  request: RequestEvent & {
    /** The merchant the request is for (a `TokenPool`'s events only). */
    readonly merchantId?: string;
  };
  /** A token request ended: ends its span and records the request counter and duration. */
  response: ResponseEvent & {
    /** The merchant the request was for (a `TokenPool`'s events only). */
    readonly merchantId?: string;
  };
}

/**
 * What `instrument()` needs of a token source, structurally: a `TokenManager` fits, and a
 * `TokenPool` (its events name their `merchantId`, its `health()` counts merchants by state and
 * `health(merchantId)` is one merchant's).
 */
export interface InstrumentableTokens {
  /** Add a listener; returns the function that removes it. */
  on<K extends keyof InstrumentedEvents>(
    name: K,
    listener: (event: InstrumentedEvents[K]) => void,
  ): () => void;
  /** A snapshot of the counters (read once per metric collection). */
  stats(): InstrumentedStats;
  /** The health snapshot (read once per metric collection); a pool's for one merchant with an id. */
  health(merchantId?: string): TokenHealth | TokenPoolHealth;
}

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /** Where the metrics go (default: the global `MeterProvider` of `@opentelemetry/api`). */
  readonly meterProvider?: MeterProvider | undefined;
  /** Where the spans go (default: the global `TracerProvider` of `@opentelemetry/api`). */
  readonly tracerProvider?: TracerProvider | undefined;
  /**
   * A name for this token source, added to every data point and span as `adumo_oauth.client.name`.
   * Required (and unique) when one `MeterProvider` instruments several sources, so their
   * series stay apart.
   */
  readonly name?: string | undefined;
  /**
   * For a `TokenPool`: add `adumo_oauth.merchant.id` to the spans, the request counter and the
   * duration histogram, and report each merchant's remaining lifetime and status (default
   * `false`: one series per merchant can be many series; turn it on only for a bounded set).
   */
  readonly merchantAttribute?: boolean | undefined;
  /** Clock for the remaining-lifetime gauge, epoch ms: pass the manager's `now` if you set one (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}
