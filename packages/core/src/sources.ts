import type { Closer } from './abort';
import { AcquisitionSource } from './acquisition/acquisition-source';
import type { RequestIdentity } from './acquisition/request';
import type { BaseConfig } from './config';
import type { EventSink, TokenManagerEvents } from './events';
import type { Redactor } from './redact';
import { RefreshingSource } from './refreshing-source';
import type { SafeLogger } from './safe-logger';
import { SharedSource } from './shared/shared-source';
import { StoreAccess } from './shared/store-access';
import type { Sleeper } from './sleeper';
import type { Counters } from './stats';
import { refreshTimes } from './windows';

/** What every identity of a manager (one) or a pool (one per merchant) shares. */
export interface SourceKit {
  readonly config: BaseConfig;
  readonly counts: Counters;
  readonly sleeper: Sleeper;
  readonly closing: Closer;
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
  const sleep = config.sleep ?? ((ms: number) => sleeper.sleep(ms));
  const network = new AcquisitionSource(config.acquisition, identity, {
    redact,
    sleep,
    onRequest: (event) => {
      counts.requests++;
      if (events.counts.request) events.emit('request', event);
    },
    onResponse: (event) => {
      if (events.counts.response) events.emit('response', event);
    },
    onRetry: (attempt, delayMs, error) => {
      counts.retries++;
      log.warn(
        `token request attempt ${attempt} failed, retrying in ${delayMs} ms: ${error.message}`,
      );
      events.emit('retry', { attempt, delayMs, error });
    },
  });
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
          sleep,
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
