import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenManager, TokenPool, type Logger } from '@adumo-oauth/core';
import {
  DEFAULT_CLIENT,
  mockMerchants,
  startMockAdumo,
  type MockAdumo,
} from '@adumo-oauth/mock-server';
import { adumoErrorHandler, adumoToken, getAdumo } from '../src';
import { FRAMEWORKS, startApp, type AppLike } from './app';

const WRONG_SECRET = 'wrong-secret-Zq81x';
/** A JWT-shaped merchant id: the core's redaction must shorten it in the log line. */
const JWT_ID = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZXJjaGFudCJ9.c2lnbmF0dXJlLW9mLXRoZS1pZA';

/** A logger that keeps every line, like pino or console would print them. */
function recorder() {
  const lines: string[] = [];
  const logger: Logger = { warn: (line) => void lines.push(line) };
  return { lines, logger };
}

describe.each(FRAMEWORKS)('%s: adumoToken() logs token failures', (_name, createApp) => {
  let mock: MockAdumo;
  let clock: number;
  let app: { url: string; close: () => Promise<void> } | undefined;
  /** A manager with a refused secret, one attempt per refresh and a clock the test moves. */
  const refused = () =>
    new TokenManager({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: WRONG_SECRET,
      retry: { maxAttempts: 1 },
      now: () => clock,
    });

  beforeEach(async () => {
    mock = await startMockAdumo();
    clock = Date.now();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await app?.close();
    app = undefined;
    await mock.close();
  });

  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${app!.url}${path}`, init);
    await res.arrayBuffer();
    return res.status;
  };

  it('one line per failure, not per request: 30 requests in a cooldown → 1 line; after it → 2', async () => {
    const { lines, logger } = recorder();
    app = await startApp(createApp, refused(), mock.baseUrl, { logger });
    const statuses = await Promise.all(Array.from({ length: 30 }, () => get('/token')));
    expect(statuses).toEqual(Array(30).fill(502));
    expect(mock.stats.snapshot().tokenRequests).toBe(1);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatch(
      /^\[adumo-oauth\] token request failed \(code token_endpoint, status 401\): /,
    );
    expect(line).not.toContain(WRONG_SECRET);
    expect(line).not.toMatch(/[\r\n]/);

    clock += 60_000; // past the longest cooldown: the next request tries again and fails anew
    expect(await get('/token')).toBe(502);
    expect(await get('/token')).toBe(502);
    expect(mock.stats.snapshot().tokenRequests).toBe(2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('code token_endpoint');
    expect(lines.join('\n')).not.toContain(WRONG_SECRET);
  });

  it('logs to console.warn by default, and not at all with logger: false', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const tokens = refused();
    app = await startApp(createApp, tokens, mock.baseUrl);
    expect(await get('/token')).toBe(502);
    expect(await get('/token')).toBe(502);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^\[adumo-oauth\] .*code token_endpoint/);
    await app.close();

    app = await startApp(createApp, tokens, mock.baseUrl, { logger: false });
    clock += 60_000;
    expect(await get('/token')).toBe(502);
    expect(mock.stats.snapshot().tokenRequests).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('lazy mode: getToken() and req.adumo.fetch failures are logged, once per failure', async () => {
    const { lines, logger } = recorder();
    app = await startApp(createApp, refused(), mock.baseUrl, { lazy: true, logger });
    expect(await get('/health')).toBe(200);
    expect(lines).toHaveLength(0);
    expect(await get('/pay', { method: 'POST' })).toBe(502); // req.adumo.fetch
    expect(await get('/token')).toBe(502); // req.adumo.getToken(), same cooldown
    expect(lines).toHaveLength(1);
    clock += 60_000;
    expect(await get('/pay', { method: 'POST' })).toBe(502);
    expect(lines).toHaveLength(2);
    expect(mock.stats.snapshot().apiCalls).toBe(0);
  });

  it('falls back to error or log, and a throwing logger does not break the answer', async () => {
    const errors: string[] = [];
    app = await startApp(createApp, refused(), mock.baseUrl, {
      logger: { error: (line) => void errors.push(line) },
    });
    expect(await get('/token')).toBe(502);
    expect(errors).toHaveLength(1);
    await app.close();

    const throwing: Logger = {
      warn: () => {
        throw new Error('logger down');
      },
    };
    clock += 60_000;
    app = await startApp(createApp, refused(), mock.baseUrl, { logger: throwing });
    expect(await get('/token')).toBe(502);
  });

  it('a bad logger option is a ConfigError at creation', () => {
    expect(() => adumoToken(refused(), { logger: 'console' as never })).toThrow(
      expect.objectContaining({ code: 'config' }),
    );
  });

  describe('with { pool, merchant }', () => {
    let pool: TokenPool;
    const [merchant] = mockMerchants(1);
    beforeEach(async () => {
      await mock.close();
      mock = await startMockAdumo({ merchants: { count: 1 } });
      pool = new TokenPool({
        baseUrl: mock.baseUrl,
        retry: { maxAttempts: 1 },
        now: () => clock,
        credentials: (merchantId) => {
          if (merchantId === 'merchant-1') return merchant;
          if (merchantId === 'refused')
            return { clientId: 'merchant-1', clientSecret: WRONG_SECRET };
          if (merchantId === 'broken' || merchantId === JWT_ID)
            throw new Error(`vault down while reading ${WRONG_SECRET}`);
          return undefined;
        },
      });
    });
    afterEach(async () => {
      await pool.close();
    });

    it('names the merchant (redacted), once per failure; 4xx merchant problems are not logged', async () => {
      const { lines, logger } = recorder();
      app = await startPoolApp(createApp, pool, logger);
      const pay = (id: string) =>
        get(`/merchants/${encodeURIComponent(id)}/pay`, { method: 'POST' });

      expect(await Promise.all([pay('refused'), pay('refused'), pay('refused')])).toEqual([
        502, 502, 502,
      ]);
      expect(await pay('merchant-1')).toBe(200);
      expect(await pay('nobody')).toBe(404); // unknown merchant: the client's problem
      expect(await pay('nobody')).toBe(404);
      expect(await pay('x'.repeat(300))).toBe(400); // invalid merchant id: the client's problem
      expect(await pay('broken')).toBe(503); // the resolver failed: remembered, logged once
      expect(await pay('broken')).toBe(503);
      expect(await pay(JWT_ID)).toBe(503);

      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(
        /^\[adumo-oauth\] merchant refused: token request failed \(code token_endpoint, status 401\): /,
      );
      expect(lines[1]).toMatch(
        /^\[adumo-oauth\] merchant broken: token request failed \(code credentials_unavailable\): /,
      );
      expect(lines[2]).toContain('code credentials_unavailable');
      expect(lines[2]).not.toContain(JWT_ID);
      expect(lines[2]).toContain('eyJhbG…');
      expect(lines.join('\n')).not.toContain(WRONG_SECRET);
    });
  });
});

/** A real app with the pool middleware on `POST /merchants/:merchantId/pay`. */
async function startPoolApp(createApp: () => AppLike, pool: TokenPool, logger: Logger) {
  const app = createApp();
  app.post(
    '/merchants/:merchantId/pay',
    adumoToken({ pool, merchant: (req) => req.params.merchantId, logger }),
    (req: Request, res: Response, next: NextFunction) => {
      getAdumo(req)
        .fetch('/products/ping')
        .then(async (upstream) => res.status(upstream.status).json(await upstream.json()))
        .catch(next);
    },
  );
  app.use(adumoErrorHandler());
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
