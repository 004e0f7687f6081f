import type { LazyCacheKey } from './shared/seal';
import type { Closer, Sleeper } from './timers';
import { AcquisitionSource, type AcquisitionReports } from './acquisition/acquisition-source';
import type { AdumoOAuthError } from './errors';
import type { RequestIdentity } from './acquisition/request';
import type { BaseConfig } from './config';
import type {
  EventSink,
  RequestEvent,
  ResponseEvent,
  TokenManagerEvents,
  Counters,
} from './observe';
import type { Redactor } from './redact';
import { RefreshingSource } from './refreshing-source';
import type { SafeLogger } from './outside-text';
import { SharedSource } from './shared/shared-source';
import { StoreAccess } from './shared/store-access';
import { refreshTimes, type TokenSlot } from './access-token';

/** What every identity of a manager (one) or a pool (one per merchant) takes from its owner. */
export interface OwnerParts {
  readonly config: BaseConfig;
  readonly counts: Counters;
  readonly sleeper: Sleeper;
  readonly closing: Closer;
  /** Backoff and polling sleeps (the sleeper's, or a test hook). */
  readonly sleep: (ms: number) => Promise<void>;
}

/** One identity's telemetry: its redactor, its logger, where its events go. */
export interface Telemetry {
  readonly redact: Redactor;
  readonly log: SafeLogger;
  readonly events: EventSink<TokenManagerEvents>;
}

/** The composed sources of one identity. */
export interface Sources {
  /** The refreshing source callers talk to. */
  readonly refreshing: RefreshingSource;
  /** Guarded access to the shared store, when there is one (for compare-and-delete). */
  readonly store: StoreAccess | undefined;
}

/**
 * What the acquisition source reports to: methods on a prototype, not closures, because a pool
 * makes one per merchant.
 */
class AcquisitionTelemetry implements AcquisitionReports {
  constructor(
    readonly redact: Redactor,
    readonly sleep: (ms: number) => Promise<void>,
    private readonly counts: Counters,
    private readonly events: EventSink<TokenManagerEvents>,
    private readonly log: SafeLogger,
  ) {}

  onRequest(event: RequestEvent): void {
    this.counts.requests++;
    if (this.events.counts.request) this.events.emit('request', event);
  }

  onResponse(event: ResponseEvent): void {
    if (this.events.counts.response) this.events.emit('response', event);
  }

  onRetry(attempt: number, delayMs: number, error: AdumoOAuthError): void {
    this.counts.retries++;
    this.log.warn(
      `token request attempt ${attempt} failed, retrying in ${delayMs} ms: ${error.message}`,
    );
    this.events.emit('retry', { attempt, delayMs, error });
  }
}

/**
 * Compose the three token sources for one request identity: acquisition (request, parse,
 * validate, retry) ← shared (store, fleet lock; only with a store) ← refreshing (windows,
 * single-flight, stale-if-error, cooldown). `key` is the identity's cache key, computed when the
 * store is first touched; `onSlot` is told of the refreshing source's every new token slot (a pool
 * copies it into the merchant's cache entry).
 */
export function composeSources(
  parts: OwnerParts,
  identity: RequestIdentity,
  key: LazyCacheKey,
  telemetry: Telemetry,
  onSlot?: (slot: TokenSlot) => void,
): Sources {
  const { config, counts, sleeper } = parts;
  const { events, log, redact } = telemetry;
  const network = new AcquisitionSource(
    config.acquisition,
    identity,
    new AcquisitionTelemetry(redact, parts.sleep, counts, events, log),
  );
  const shared = config.shared;
  const store =
    shared &&
    new StoreAccess(shared.store, {
      key,
      secret: identity.clientSecret,
      encrypt: shared.encrypt,
      timeoutMs: shared.timeoutMs,
      now: config.now,
      redact,
      log,
      onError: (event) => {
        counts.storeErrors++;
        events.emit('storeError', event);
      },
    });
  const upstream =
    store === undefined || shared === undefined
      ? network
      : new SharedSource(store, network, {
          lockTtlMs: shared.lockTtlMs,
          now: config.now,
          sleep: parts.sleep,
          times: (i, e) => refreshTimes(i, e, config.refresh),
        });
  const refreshing = new RefreshingSource(
    config.refresh,
    {
      upstream,
      redact,
      log,
      events,
      counts,
      sleeper,
      closing: parts.closing,
    },
    onSlot,
  );
  return { refreshing, store };
}
