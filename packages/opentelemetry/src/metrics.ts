import type { Attributes, BatchObservableCallback, Meter, Observable } from '@opentelemetry/api';
import type { TokenHealth, TokenPoolHealth } from '@adumo-oauth/core';
import type { TokenHealthState } from '@adumo-oauth/core/adapter';
import { ATTR, errorCode, errorType, serverOf, statusCode } from './names';
import type { InstrumentedEvents, InstrumentedStats } from './types';

/** What one collection reads: the counters, a pool's merchants by state, and token health series. */
export interface Snapshot {
  readonly stats: InstrumentedStats;
  /** A pool's aggregate health; `undefined` for a manager. */
  readonly pool: TokenPoolHealth | undefined;
  /** One series per token: the manager's, or each known merchant's (with `merchantAttribute`). */
  readonly tokens: readonly { readonly attributes: Attributes; readonly health: TokenHealth }[];
}

/** The bucket boundaries the HTTP semantic conventions advise for request durations, seconds. */
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
const STATES: readonly TokenHealthState[] = ['ok', 'stale', 'failing', 'empty'];

/**
 * The metrics of one instrumented source: the request counter and duration histogram (recorded
 * from `response` events), and the observable instruments read from `stats()` and `health()` in
 * one batch callback per collection, removed by `stop()`.
 */
export function createMetrics(
  meter: Meter,
  base: Attributes,
  read: () => Snapshot,
  now: () => number,
) {
  const requests = meter.createCounter('adumo_oauth.token.requests', {
    description: 'HTTP token requests (attempts, retries included) by outcome',
    unit: '{request}',
  });
  const duration = meter.createHistogram('adumo_oauth.token.request.duration', {
    description: 'Duration of HTTP token requests, from sending to the end of the answer',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const counter = (name: string, unit: string, description: string) =>
    meter.createObservableCounter(name, { unit, description });
  const lookups = counter(
    'adumo_oauth.cache.lookups',
    '{lookup}',
    'getToken() calls by result: hit (cached), miss (waited for a refresh), stale (served the previous token after a failed refresh), rejected (the last failure, during the cooldown)',
  );
  const refreshes = counter('adumo_oauth.token.refreshes', '{refresh}', 'Refresh cycles run');
  const failures = counter(
    'adumo_oauth.token.refresh.failures',
    '{failure}',
    'Refresh cycles that failed after their retries',
  );
  const retries = counter('adumo_oauth.token.retries', '{retry}', 'Token requests retried');
  const storeHits = counter(
    'adumo_oauth.store.hits',
    '{token}',
    'Tokens adopted from the shared store',
  );
  const storeErrors = counter(
    'adumo_oauth.store.errors',
    '{error}',
    'Shared store calls that failed',
  );
  const evictions = counter(
    'adumo_oauth.pool.evictions',
    '{merchant}',
    'Merchants a pool dropped from memory (capacity or idle)',
  );
  const credentialLookups = counter(
    'adumo_oauth.pool.credential_lookups',
    '{lookup}',
    "Calls of a pool's credentials resolver",
  );
  const credentialFailures = counter(
    'adumo_oauth.pool.credential_failures',
    '{failure}',
    "Failed calls of a pool's credentials resolver",
  );
  const merchants = meter.createObservableUpDownCounter('adumo_oauth.pool.merchants', {
    description: 'Merchants a pool holds in memory, by the state of their token',
    unit: '{merchant}',
  });
  const lifetime = meter.createObservableGauge('adumo_oauth.token.remaining_lifetime', {
    description: 'Time until the cached token expires (0 without a valid token)',
    unit: 's',
  });
  const status = meter.createObservableGauge('adumo_oauth.token.status', {
    description: 'Health of the token: 1 for its current adumo_oauth.token.state, 0 for the others',
    unit: '1',
  });
  const observables: Observable[] = [
    lookups,
    refreshes,
    failures,
    retries,
    storeHits,
    storeErrors,
    evictions,
    credentialLookups,
    credentialFailures,
    merchants,
    lifetime,
    status,
  ];
  const tagged = (attributes: Attributes, key: string, value: string): Attributes => ({
    ...attributes,
    [key]: value,
  });

  const callback: BatchObservableCallback = (result) => {
    const { stats, pool, tokens } = read();
    const observe = (o: Observable, value: number | undefined, attrs = base): void => {
      if (value !== undefined) result.observe(o, value, attrs);
    };
    observe(lookups, stats.hits, tagged(base, ATTR.cacheResult, 'hit'));
    observe(lookups, stats.misses, tagged(base, ATTR.cacheResult, 'miss'));
    observe(lookups, stats.staleServed, tagged(base, ATTR.cacheResult, 'stale'));
    observe(lookups, stats.cooldownRejections, tagged(base, ATTR.cacheResult, 'rejected'));
    observe(refreshes, stats.refreshes);
    observe(failures, stats.failures);
    observe(retries, stats.retries);
    observe(storeHits, stats.storeHits);
    observe(storeErrors, stats.storeErrors);
    observe(evictions, stats.evictions);
    observe(credentialLookups, stats.credentialLookups);
    observe(credentialFailures, stats.credentialFailures);
    for (const state of pool === undefined ? [] : STATES) {
      observe(merchants, pool?.byState[state], tagged(base, ATTR.state, state));
    }
    const at = now();
    for (const { attributes, health } of tokens) {
      const left = health.expiresAt === undefined ? 0 : Math.max(0, (health.expiresAt - at) / 1000);
      observe(lifetime, left, attributes);
      for (const state of STATES) {
        observe(status, health.state === state ? 1 : 0, tagged(attributes, ATTR.state, state));
      }
    }
  };
  meter.addBatchObservableCallback(callback, observables);

  return {
    /** Record one finished attempt (a `response` event) with the source's attributes. */
    record(event: InstrumentedEvents['response'], attributes: Attributes): void {
      const code = statusCode(event.status); // known statuses only: bounded series
      const outcome = event.error === undefined ? 'success' : errorCode(event.error);
      const withStatus =
        code === undefined ? attributes : { ...attributes, 'http.response.status_code': code };
      requests.add(1, { ...withStatus, [ATTR.outcome]: outcome });
      const server = serverOf(event.url);
      const type = errorType(event.status, event.error);
      duration.record(Math.max(0, event.durationMs) / 1000, {
        ...withStatus,
        'http.request.method': event.method,
        ...(server && { 'server.address': server.address, 'server.port': server.port }),
        ...(type !== undefined && { 'error.type': type }),
      });
    },
    /** Stop the observable callbacks (idempotent). */
    stop(): void {
      meter.removeBatchObservableCallback(callback, observables);
    },
  };
}
