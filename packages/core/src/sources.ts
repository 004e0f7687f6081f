import type { Closer } from './abort';
import { AcquisitionSource, type AcquisitionDeps } from './acquisition/acquisition-source';
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
import type { SafeLogger } from './safe-logger';
import { SharedSource } from './shared/shared-source';
import { StoreAccess } from './shared/store-access';
import type { Sleeper } from './sleeper';
import { refreshTimes } from './windows';

/** What every identity of a manager (one) or a pool (one per merchant) shares. */
export interface SourceKit {
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
  readonly cycler: RefreshingSource;
  /** Guarded access to the shared store, when there is one (for compare-and-delete). */
  readonly store: StoreAccess | undefined;
}

/**
 * What the acquisition source reports to: methods on a prototype, not closures, because a pool
 * makes one per merchant.
 */
class AcquisitionTelemetry implements AcquisitionDeps {
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
 * single-flight, stale-if-error, cooldown). `key` is the identity's cache key (needed with a store).
 */
export function composeSources(
  kit: SourceKit,
  identity: RequestIdentity,
  key: string,
  t: Telemetry,
): Sources {
  const { config, counts, sleeper } = kit;
  const { events, log, redact } = t;
  const network = new AcquisitionSource(
    config.acquisition,
    identity,
    new AcquisitionTelemetry(redact, kit.sleep, counts, events, log),
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
          sleep: kit.sleep,
          times: (i, e) => refreshTimes(i, e, config.refresh),
        });
  const cycler = new RefreshingSource(config.refresh, {
    upstream,
    redact,
    log,
    events,
    counts,
    sleeper,
    closing: kit.closing,
  });
  return { cycler, store };
}
