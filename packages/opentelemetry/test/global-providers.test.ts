import { afterAll, describe, expect, it } from 'vitest';
import { metrics, trace } from '@opentelemetry/api';
import { instrument } from '../src';
import { createTelemetry } from './otel';
import { manager, startMock } from './setup';

describe('without providers in the options', () => {
  const telemetry = createTelemetry();
  afterAll(async () => {
    metrics.disable();
    trace.disable();
    await telemetry.shutdown();
  });

  it('uses the global MeterProvider and TracerProvider of @opentelemetry/api', async () => {
    expect(metrics.setGlobalMeterProvider(telemetry.meterProvider)).toBe(true);
    expect(trace.setGlobalTracerProvider(telemetry.tracerProvider)).toBe(true);
    const mock = await startMock();
    const tokens = manager(mock);
    const uninstrument = instrument(tokens);
    try {
      await tokens.getToken();
      const m = await telemetry.collect();
      expect(m.value('adumo_oauth.token.requests', { 'adumo_oauth.outcome': 'success' })).toBe(1);
      expect(telemetry.spans().map((s) => s.name)).toEqual(['POST /oauth/token']);
    } finally {
      uninstrument();
      await tokens.close();
      await mock.close();
    }
  });
});
