import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NextFunction, Request, Response } from 'express';
import { TokenPool } from '@adumo-oauth/core';
import { mockMerchants, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { adumoErrorHandler, adumoToken, getAdumo } from '../src';
import { FRAMEWORKS, type AppLike } from './app';

const MERCHANTS = mockMerchants(3);
const byId = new Map(MERCHANTS.map((m) => [m.merchantId, m]));

/** Every log line the pool writes. */
function recordingLogger(lines: string[]) {
  const push = (m: string) => void lines.push(m);
  return { debug: push, info: push, warn: push, error: push };
}

describe.each(FRAMEWORKS)('%s: adumoToken({ pool, merchant })', (_name, createApp) => {
  let mock: MockAdumo;
  let pool: TokenPool;
  let logs: string[];
  let app: { url: string; close: () => Promise<void> };

  beforeEach(async () => {
    mock = await startMockAdumo({ merchants: { count: 3 } });
    logs = [];
    pool = new TokenPool({
      baseUrl: mock.baseUrl,
      logger: recordingLogger(logs),
      retry: { maxAttempts: 1 },
      credentials: (merchantId) => {
        if (merchantId === 'broken')
          // A resolver whose error carries a secret: it must reach no body and no log.
          throw new Error(`vault down while reading ${MERCHANTS[0]!.clientSecret}`);
        return byId.get(merchantId);
      },
    });
    app = await startPoolApp(createApp, pool, mock.baseUrl);
  });
  afterEach(async () => {
    await app.close();
    await pool.close();
    await mock.close();
  });

  const pay = (merchantId: string) =>
    fetch(`${app.url}/merchants/${encodeURIComponent(merchantId)}/pay`, { method: 'POST' });

  it('3 merchants × 6 concurrent requests: each with its own token, one token request each', async () => {
    const ids = MERCHANTS.map((m) => m.merchantId);
    const calls = ids.flatMap((id) => Array.from({ length: 6 }, () => id));
    const answers = await Promise.all(
      calls.map(async (id) => {
        const res = await pay(id);
        return { id, status: res.status, body: (await res.json()) as Record<string, unknown> };
      }),
    );
    for (const { id, status, body } of answers) {
      expect(status).toBe(200);
      expect(body).toMatchObject({ merchantId: id, clientId: id, upstreamClientId: id });
    }
    const stats = mock.stats.snapshot();
    expect(stats.apiCallsByClient).toEqual(Object.fromEntries(ids.map((id) => [id, 6])));
    expect(stats.tokenRequestsByClient).toEqual(
      Object.fromEntries(ids.map((id) => [id, { issued: 1 }])),
    );
    expect(pool.stats()).toMatchObject({ merchants: 3, credentialLookups: 3 });
  });

  it('a request without a merchant id is a 400 problem, nothing requested', async () => {
    const res = await fetch(`${app.url}/header/pay`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The merchant id is missing or invalid',
      code: 'invalid_merchant',
    });
    const ok = await fetch(`${app.url}/header/pay`, {
      method: 'POST',
      headers: { 'x-merchant-id': 'merchant-2' },
    });
    expect(ok.status).toBe(200);
    expect(mock.stats.snapshot().tokenRequestsByClient).toEqual({ 'merchant-2': { issued: 1 } });
  });

  it('a throwing merchant function and a control character in the id are 400s', async () => {
    const threw = await fetch(`${app.url}/throws/pay`, { method: 'POST' });
    expect(threw.status).toBe(400);
    expect(await threw.json()).toMatchObject({ code: 'invalid_merchant' });
    const control = await pay('merchant-1\u0000');
    expect(control.status).toBe(400);
    expect(mock.stats.snapshot().tokenRequests).toBe(0);
    expect(pool.stats().credentialLookups).toBe(0);
  });

  it('an unknown merchant is a 404; a failing credentials resolver a 503', async () => {
    const unknown = await pay('merchant-404');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ status: 404, code: 'unknown_merchant' });
    const broken = await pay('broken');
    expect(broken.status).toBe(503);
    expect(await broken.json()).toMatchObject({ status: 503, code: 'credentials_unavailable' });
    // The others are not affected.
    expect((await pay('merchant-3')).status).toBe(200);
    expect(mock.stats.snapshot().tokenRequests).toBe(1);
  });

  it('lazy mode: a route that never asks gets no token request', async () => {
    const res = await fetch(`${app.url}/lazy/merchant-1/info`);
    expect(await res.json()).toEqual({ merchantId: 'merchant-1', token: false });
    expect(mock.stats.snapshot().tokenRequests).toBe(0);
  });

  it('no body, header or log line holds any merchant secret or token', async () => {
    const texts: string[] = [];
    for (const id of ['merchant-1', 'merchant-2', 'merchant-404', 'broken', '']) {
      const res = await pay(id);
      texts.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
    }
    mock.faults.revokeAll(); // a 401 from the API echoes nothing of ours either
    const res = await pay('merchant-1');
    texts.push(`${res.status} ${await res.text()}`);
    const tokens = ['merchant-1', 'merchant-2'].map((id) => pool.peek(id)?.value);
    expect(tokens.every((t) => typeof t === 'string')).toBe(true);
    const all = [...texts, ...logs].join('\n');
    expect(all).toContain('credentials_unavailable');
    for (const needle of [...MERCHANTS.map((m) => m.clientSecret), ...(tokens as string[])]) {
      expect(all).not.toContain(needle);
      expect(all).not.toContain(encodeURIComponent(needle));
    }
  });
});

describe('adumoToken options are checked at creation', () => {
  const pool = new TokenPool({ baseUrl: 'http://127.0.0.1:9', credentials: () => undefined });

  it.each([
    ['a TokenPool without merchant', () => adumoToken(pool as never), /needs a merchant resolver/],
    ['merchant missing', () => adumoToken({ pool } as never), /merchant must be a function/],
    [
      'pool missing',
      () => adumoToken({ merchant: () => 'x' } as never),
      /pool must be a TokenPool/,
    ],
    ['pool not a pool', () => adumoToken({ pool: {}, merchant: () => 'x' } as never), /pool must/],
    [
      'a second options argument',
      () => adumoToken({ pool, merchant: () => 'x' }, { lazy: true }),
      /in that same object/,
    ],
    ['not an object', () => adumoToken(undefined as never), /pass a TokenManager/],
  ])('%s → ConfigError', (_case, build, message) => {
    expect(build).toThrow(expect.objectContaining({ code: 'config' }));
    expect(build).toThrow(message);
  });
});

type Route = (req: Request, res: Response) => Promise<void>;
const wrap = (route: Route) => (req: Request, res: Response, next: NextFunction) => {
  route(req, res).catch(next);
};

/** A real app: route-level middleware (so `req.params` is filled), the error handler last. */
async function startPoolApp(createApp: () => AppLike, pool: TokenPool, apiBaseUrl: string) {
  const app = createApp();
  const pay = wrap(async (req, res) => {
    const adumo = getAdumo(req);
    const upstream = await adumo.fetch(`${apiBaseUrl}/products/payments/v1/card/initiate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1000, merchantReference: `order-${adumo.merchantId}` }),
    });
    const body = (await upstream.json()) as { clientId?: string };
    const token = await adumo.getToken();
    res.status(upstream.status).json({
      merchantId: adumo.merchantId,
      clientId: token.claims?.client_id,
      upstreamClientId: body.clientId,
    });
  });
  app.post(
    '/merchants/:merchantId/pay',
    adumoToken({ pool, merchant: (req) => req.params.merchantId }),
    pay,
  );
  app.post(
    '/header/pay',
    adumoToken({ pool, merchant: (req) => req.headers['x-merchant-id'] }),
    pay,
  );
  app.post(
    '/throws/pay',
    adumoToken({
      pool,
      merchant: () => {
        throw new Error('no tenant');
      },
    }),
    pay,
  );
  app.get(
    '/lazy/:merchantId/info',
    adumoToken({ pool, merchant: (req) => req.params.merchantId, lazy: true }),
    (req: Request, res: Response) => {
      const adumo = getAdumo(req);
      res.json({ merchantId: adumo.merchantId, token: adumo.token !== undefined });
    },
  );
  app.use(adumoErrorHandler());
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ passedOn: error.name });
  });
  const server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
