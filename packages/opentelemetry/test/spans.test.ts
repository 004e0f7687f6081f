import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MockAdumo } from '@adumo-oauth/mock-server';
import type { TokenManager } from '@adumo-oauth/core';
import { instrument } from '../src';
import { createTelemetry, useAsyncContext } from './otel';
import { manager, startMock } from './setup';

let mock: MockAdumo;
let telemetry: ReturnType<typeof createTelemetry>;
let tokens: TokenManager | undefined;
let uninstrument: (() => void) | undefined;

beforeAll(() => useAsyncContext());
beforeEach(async () => {
  mock = await startMock();
  telemetry = createTelemetry();
});
afterEach(async () => {
  uninstrument?.();
  await tokens?.close();
  await telemetry.shutdown();
  await mock.close();
  tokens = uninstrument = undefined;
});

function start(options: Parameters<typeof manager>[1] = {}): TokenManager {
  tokens = manager(mock, options);
  uninstrument = instrument(tokens, telemetry);
  return tokens;
}

describe('client spans', () => {
  it('one CLIENT span per token request with HTTP semantic-convention attributes and a scrubbed url.full', async () => {
    const tokens = start();
    await tokens.getToken();
    await tokens.getToken(); // a cache hit: no request, no span
    const spans = telemetry.spans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.name).toBe('POST /oauth/token');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.instrumentationScope.name).toBe('@adumo-oauth/opentelemetry');
    const url = span?.attributes['url.full'];
    expect(span?.attributes).toEqual({
      'http.request.method': 'POST',
      'url.full': url,
      'server.address': '127.0.0.1',
      'server.port': mock.port,
      'url.template': '/oauth/token',
      'http.response.status_code': 200,
    });
    // The query's keys stay, every value is scrubbed: no secret, no client id.
    expect(url).toBe(
      `${mock.tokenUrl}?grant_type=REDACTED&client_id=REDACTED&client_secret=REDACTED`,
    );
    expect(span?.parentSpanContext).toBeUndefined(); // no active span: a root
  });

  it("is parented to the caller's active span", async () => {
    const tokens = start();
    const tracer = telemetry.tracerProvider.getTracer('app');
    const parentId = await tracer.startActiveSpan('GET /orders', async (parent) => {
      await tokens.getToken();
      parent.end();
      return parent.spanContext().spanId;
    });
    const request = telemetry.spans().find((s) => s.name === 'POST /oauth/token');
    expect(request?.parentSpanContext?.spanId).toBe(parentId);
    expect(request?.spanContext().traceId).toBe(
      telemetry
        .spans()
        .find((s) => s.name === 'GET /orders')
        ?.spanContext().traceId,
    );
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('a retried 503: an ERROR span with error.type, then a span with http.request.resend_count', async () => {
    const tokens = start();
    mock.faults.failTokenRequests({ status: 503, count: 1 });
    await tokens.getToken();
    const [failed, retried] = telemetry.spans();
    expect(telemetry.spans()).toHaveLength(2);
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR, message: '503' });
    expect(failed?.attributes).toMatchObject({
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(failed?.attributes['http.request.resend_count']).toBeUndefined();
    expect(retried?.status.code).toBe(SpanStatusCode.UNSET);
    expect(retried?.attributes).toMatchObject({
      'http.response.status_code': 200,
      'http.request.resend_count': 1,
    });
    expect(retried?.attributes['error.type']).toBeUndefined();
  });

  it('a refused client (wrong secret): an ERROR span with status 401', async () => {
    const tokens = start({ clientSecret: 'wrong-secret' });
    await expect(tokens.getToken()).rejects.toMatchObject({ status: 401 });
    const spans = telemetry.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: '401' });
    expect(spans[0]?.attributes).toMatchObject({
      'http.response.status_code': 401,
      'error.type': '401',
    });
  });

  it('a network failure: an ERROR span with error.type network and no status code', async () => {
    const closed = await startMock();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const tokens = start({ baseUrl, retry: { maxAttempts: 1 } });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'network' });
    const [span] = telemetry.spans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'network' });
    expect(span?.attributes['error.type']).toBe('network');
    expect(span?.attributes['http.response.status_code']).toBeUndefined();
  });
});
