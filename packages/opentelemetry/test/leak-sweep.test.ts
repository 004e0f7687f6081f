import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import type { AccessToken } from '@adumo-oauth/core';
import { instrument } from '../src';
import { createTelemetry, useAsyncContext } from './otel';
import { CLIENT, manager, startMock } from './setup';

const WRONG_SECRET = 'Wr0ng/+=&?% secret';

/** Every form a secret could take in an output: raw, percent- and form-encoded, JSON, base64 of id:secret. */
function forms(id: string, secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(`${id}:${secret}`).toString('base64'),
  ];
}

describe('no secret and no token in any span or metric', () => {
  it('sweeps everything exported after a success, a retry, a failed refresh and a refused client', async () => {
    useAsyncContext();
    const mock = await startMock();
    const telemetry = createTelemetry();
    const seen: AccessToken[] = [];
    const good = manager(mock, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const bad = manager(mock, { clientSecret: WRONG_SECRET });
    const offs = [
      instrument(good, { ...telemetry, name: 'good' }),
      instrument(bad, { ...telemetry, name: 'bad' }),
    ];
    try {
      const tracer = telemetry.tracerProvider.getTracer('app');
      await tracer.startActiveSpan('job', async (span) => {
        seen.push(await good.getToken());
        mock.faults.failTokenRequests({ status: 503, count: 1 });
        seen.push(await good.getToken({ forceRefresh: true }));
        mock.faults.failTokenRequests({ status: 500, count: 2 });
        seen.push(await good.getToken({ forceRefresh: true }).catch(() => good.getToken())); // failed forced refresh, then the cached one
        await expect(bad.getToken()).rejects.toMatchObject({ status: 401 });
        span.end();
      });
      const metrics = await telemetry.collect();
      const spans = telemetry.spans();
      expect(spans.filter((s) => s.name === 'POST /oauth/token').length).toBe(
        good.stats().requests + 1,
      );
      expect(metrics.metrics.length).toBeGreaterThanOrEqual(10);

      const output = [
        JSON.stringify(metrics.raw),
        inspect(metrics.raw, { depth: null }),
        JSON.stringify(
          spans.map((s) => ({
            name: s.name,
            attributes: s.attributes,
            status: s.status,
            events: s.events,
            links: s.links,
            resource: s.resource.attributes,
          })),
        ),
        inspect(spans, { depth: 6 }),
      ].join('\n');
      const needles = [
        ...forms(CLIENT.clientId, CLIENT.clientSecret),
        ...forms(CLIENT.clientId, WRONG_SECRET),
        ...seen.flatMap((t) => [t.value, t.value.slice(0, 20)]),
      ];
      expect(seen.length).toBe(3);
      for (const needle of needles) {
        expect(output.includes(needle), `found ${needle.slice(0, 6)}… in the output`).toBe(false);
      }
      // The sweep sees what it should: the scrubbed URL is there, and no client id (issue 20).
      expect(output).toContain('client_secret=REDACTED');
      expect(output).not.toContain(CLIENT.clientId);
    } finally {
      for (const off of offs) off();
      await good.close();
      await bad.close();
      await telemetry.shutdown();
      await mock.close();
    }
  });
});
