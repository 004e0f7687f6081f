import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context } from '@opentelemetry/api';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/** A pull reader: `collect()` runs the observable callbacks and returns what an exporter would get. */
class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Make `context.active()` follow async calls (needed for parent spans), once per test file. */
export function useAsyncContext(): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/** An SDK meter provider with an in-memory reader, and a tracer provider with an in-memory exporter. */
export function createTelemetry() {
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  });
  return {
    meterProvider,
    tracerProvider,
    /** Every metric of this package's scope in one collection. */
    async collect(): Promise<Metrics> {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new Error(`collection errors: ${String(errors[0])}`);
      return new Metrics(resourceMetrics);
    },
    spans: (): ReadableSpan[] => spanExporter.getFinishedSpans(),
    async shutdown(): Promise<void> {
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    },
  };
}

/** One collection, read by metric name and attributes. */
export class Metrics {
  readonly metrics: MetricData[];
  constructor(readonly raw: ResourceMetrics) {
    this.metrics = raw.scopeMetrics
      .filter((scope) => scope.scope.name === '@adumo-oauth/opentelemetry')
      .flatMap((scope) => scope.metrics);
  }
  metric(name: string): MetricData | undefined {
    return this.metrics.find((m) => m.descriptor.name === name);
  }
  points(name: string): DataPoint<unknown>[] {
    return this.metric(name)?.dataPoints ?? [];
  }
  /** The value of the one point whose attributes include `attributes` (throws if not exactly one). */
  value(name: string, attributes: Record<string, unknown> = {}): unknown {
    const matches = this.points(name).filter((p) =>
      Object.entries(attributes).every(([k, v]) => p.attributes[k] === v),
    );
    if (matches.length !== 1) {
      throw new Error(
        `${name} ${JSON.stringify(attributes)}: ${matches.length} points in ${JSON.stringify(this.points(name))}`,
      );
    }
    return matches[0]!.value;
  }
}
