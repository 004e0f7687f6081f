import { metrics, trace, type Attributes, type MeterProvider } from '@opentelemetry/api';
import { createMetrics } from './metrics';
import { ATTR, SCOPE } from './names';
import { createSnapshotReader } from './snapshot';
import { createSpans } from './spans';
import type { InstrumentableTokens, InstrumentedEvents, InstrumentOptions } from './types';
import { version } from '../package.json';

/** Names (or '' for none) instrumented per meter provider: two equal ones would overwrite each other's series. */
const active = new WeakMap<MeterProvider, Set<string>>();

/**
 * Record OpenTelemetry metrics and a CLIENT span per token request of a `TokenManager` (or a
 * `TokenPool`): request counts by outcome, request durations, cache lookups, refreshes, retries,
 * store hits and errors, the cached token's remaining lifetime and the health state. No secret
 * and no token ever reaches an attribute, a span name or a metric.
 *
 * @returns `uninstrument()`: removes the listeners and the metric callbacks, ends open spans.
 * @throws {TypeError} when `tokens` is not a token source, or the same `meterProvider` already
 *   instruments a source with the same `name`.
 * @example
 * const uninstrument = instrument(tokens, { meterProvider, tracerProvider });
 */
export function instrument(
  tokens: InstrumentableTokens,
  options: InstrumentOptions = {},
): () => void {
  for (const method of ['on', 'stats', 'health'] as const) {
    if (typeof (tokens as unknown as Record<string, unknown> | null)?.[method] !== 'function') {
      throw new TypeError(
        `instrument(): tokens must be a TokenManager or TokenPool (no ${method}())`,
      );
    }
  }
  const meterProvider = options.meterProvider ?? metrics.getMeterProvider();
  const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
  const key = options.name ?? '';
  const names = active.get(meterProvider) ?? new Set<string>();
  if (names.has(key)) {
    throw new TypeError(
      `instrument(): this meterProvider already instruments a token source ${key === '' ? 'without a name' : `named "${key}"`}; give each one its own \`name\``,
    );
  }
  names.add(key);
  active.set(meterProvider, names);

  const base: Attributes = options.name === undefined ? {} : { [ATTR.client]: options.name };
  const byMerchant = options.merchantAttribute === true;
  const attributesOf = (event: { readonly merchantId?: string }): Attributes =>
    byMerchant && event.merchantId !== undefined
      ? { ...base, [ATTR.merchant]: event.merchantId }
      : base;

  const meter = meterProvider.getMeter(SCOPE, version);
  const snapshot = createSnapshotReader(tokens, base);
  const recorded = createMetrics(meter, base, () => snapshot.read(), options.now ?? Date.now);
  const spans = createSpans(tracerProvider.getTracer(SCOPE, version));
  const unsubscribe = [
    tokens.on('request', (event: InstrumentedEvents['request']) =>
      spans.start(event, attributesOf(event)),
    ),
    tokens.on('response', (event: InstrumentedEvents['response']) => {
      spans.end(event);
      recorded.record(event, attributesOf(event));
      if (byMerchant && event.merchantId !== undefined) snapshot.saw(event.merchantId);
    }),
  ];

  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const off of unsubscribe) off();
    recorded.stop();
    spans.stop();
    names.delete(key);
  };
}
