/**
 * Issue 20, point 6: a hostile token endpoint (the core's adversarial server, real node:http on
 * 127.0.0.1:0) answering 60 distinct statuses from 400 to 999 with hostile texts (every class of
 * unshowable character, the secret echoed) must not create one series per status, and nothing it
 * wrote may reach an attribute, a span event or a status message; `url.full` carries neither the
 * secret nor the client id, with `merchantAttribute: false`.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenManager, TokenPool } from '@adumo-oauth/core';
import { instrument } from '../src';
import { createTelemetry } from './otel';
import {
  CANARY,
  CLIENT_ID,
  hostileText,
  needles,
  rawUnsafe,
} from '../../../tools/adversarial/src/forms';
import {
  C1_HEADER,
  answer,
  freshJwt,
  rawAnswer,
  startHostile,
  type Hostile,
} from '../../../tools/adversarial/src/hostile-http';

const TEXT = `${hostileText('otel')} client_secret=${CANARY} client_id=${CLIENT_ID}`;
/** 60 distinct statuses, 400 to 990, known and unknown, 4xx, 5xx and beyond. */
const STATUSES = Array.from({ length: 60 }, (_, i) => 400 + i * 10 + (i % 10));

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A server answering request n with `STATUSES[n]` (hostile body), then hostile 200s and a C1 header. */
async function hostileServer(): Promise<Hostile> {
  const server = await startHostile((r, res) => {
    const status = STATUSES[r.n - 1];
    if (status !== undefined) {
      const body = JSON.stringify({ error: TEXT, error_description: TEXT, message: TEXT });
      return answer(res, status, body, { 'retry-after': TEXT.replace(/[^\x20-\x7e]/g, '') });
    }
    if (r.n % 3 === 0) return rawAnswer(res, 502, '<html/>', { 'content-type': C1_HEADER });
    const access = freshJwt({ jti: TEXT, client_id: CLIENT_ID, scope: [TEXT] });
    return answer(
      res,
      200,
      JSON.stringify({ access_token: access, token_type: 'bearer', expires_in: 600, jti: TEXT }),
    );
  });
  cleanup.push(() => server.close());
  return server;
}

/** Every string an exporter would get: attribute values, span names, events, status messages. */
function exported(
  telemetry: ReturnType<typeof createTelemetry>,
  metrics: Awaited<ReturnType<ReturnType<typeof createTelemetry>['collect']>>,
): string[] {
  const out: string[] = [];
  const values = (attributes: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(attributes)) out.push(key, String(value));
  };
  for (const metric of metrics.metrics)
    for (const point of metric.dataPoints) values(point.attributes);
  for (const span of telemetry.spans()) {
    out.push(span.name, span.status.message ?? '');
    values(span.attributes);
    for (const event of span.events) {
      out.push(event.name);
      values(event.attributes ?? {});
    }
  }
  return out;
}

/** Distinct attribute sets of one metric. */
function series(metrics: Awaited<ReturnType<ReturnType<typeof createTelemetry>['collect']>>) {
  return (name: string): number =>
    new Set(metrics.points(name).map((p) => JSON.stringify(p.attributes))).size;
}

function expectClean(strings: readonly string[], clientIds: readonly string[]): void {
  const all = strings.join('\n');
  expect(strings.flatMap((s) => rawUnsafe(s).map((c) => `${c} in ${s.slice(0, 60)}`))).toEqual([]);
  for (const { name, needle } of needles(CANARY, CLIENT_ID))
    expect(all.includes(needle), `secret (${name}) exported`).toBe(false);
  for (const id of clientIds) expect(all.includes(id), `client id ${id} exported`).toBe(false);
  expect(all).not.toContain('FORGED');
  expect(all).not.toContain('otel:');
}

describe('a hostile token endpoint cannot blow up the series or write into the telemetry', () => {
  it('60 distinct statuses 400–999 with hostile bodies: bounded series, nothing raw, no secret, no client id', async () => {
    const server = await hostileServer();
    const telemetry = createTelemetry();
    cleanup.push(() => telemetry.shutdown());
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      retry: { maxAttempts: 1 },
      cooldown: { minMs: 0, maxMs: 0 },
    });
    cleanup.push(() => tokens.close());
    cleanup.push(instrument(tokens, telemetry));
    const outcomes: unknown[] = [];
    for (let i = 0; i < STATUSES.length + 6; i++)
      outcomes.push(await tokens.getToken({ forceRefresh: true }).catch((e: unknown) => e));
    expect(server.requests).toBe(STATUSES.length + 6);
    expect(outcomes.filter((o) => o instanceof Error)).toHaveLength(STATUSES.length + 2);

    const metrics = await telemetry.collect();
    const count = series(metrics);
    const statuses = new Set(
      metrics
        .points('adumo_oauth.token.requests')
        .map((p) => p.attributes['http.response.status_code']),
    );
    const types = new Set(
      metrics.points('adumo_oauth.token.request.duration').map((p) => p.attributes['error.type']),
    );
    // Of the 60 statuses only 400, 422 and 500 are known ones; the rest are classes. Requests:
    // 400, 422, 500, 502 (the C1 answer), 200 and one without a status (every unknown one).
    expect(statuses).toEqual(new Set([400, 422, 500, 502, 200, undefined]));
    expect(types).toEqual(new Set(['400', '422', '500', '502', '4xx', '5xx', '_OTHER', undefined]));
    expect(count('adumo_oauth.token.requests')).toBe(6); // was 62: one per status
    expect(count('adumo_oauth.token.request.duration')).toBe(8);
    expect(telemetry.spans()).toHaveLength(STATUSES.length + 6);
    expect(new Set(telemetry.spans().map((s) => s.status.message)).size).toBeLessThanOrEqual(12);
    for (const span of telemetry.spans())
      expect(span.attributes['url.full']).toBe(
        `${server.tokenUrl}?grant_type=REDACTED&client_id=REDACTED&client_secret=REDACTED`,
      );
    expectClean(exported(telemetry, metrics), [CLIENT_ID]);
    expect(inspect(telemetry.spans(), { depth: 8 })).not.toContain(CLIENT_ID);
  });

  it('a pool without merchantAttribute: no merchant id and no client id anywhere', async () => {
    const server = await hostileServer();
    const telemetry = createTelemetry();
    cleanup.push(() => telemetry.shutdown());
    const clientIds = ['merchant-client-aa17', 'merchant-client-bb28'];
    const pool = new TokenPool({
      tokenUrl: server.tokenUrl,
      credentials: (id) => ({ clientId: clientIds[Number(id.slice(-1))]!, clientSecret: CANARY }),
      retry: { maxAttempts: 1 },
      cooldown: { minMs: 0, maxMs: 0 },
    });
    cleanup.push(() => pool.close());
    cleanup.push(instrument(pool, telemetry));
    for (let i = 0; i < 20; i++)
      await pool.getToken(`shop-${i % 2}`, { forceRefresh: true }).catch(() => undefined);
    const metrics = await telemetry.collect();
    expect(series(metrics)('adumo_oauth.token.requests')).toBeLessThanOrEqual(12);
    expectClean(exported(telemetry, metrics), [...clientIds, 'shop-0', 'shop-1']);
  });
});
