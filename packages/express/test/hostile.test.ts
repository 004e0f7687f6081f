/**
 * Issue 20 through Express (4 and 5, real apps): a hostile token endpoint (the core's adversarial
 * server) fills every field it can with every class of unshowable character and the secret, and
 * a merchant resolver returns ids holding them. The answers (problem+json, Express's own final
 * handler) and every log line (the middleware's failure log, the core's logger) show none of it
 * raw, stay within their caps and never show the secret.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenManager, TokenPool } from '@adumo-oauth/core';
import { adumoErrorHandler, adumoToken, getAdumo } from '../src';
import { FRAMEWORKS, startApp } from './app';
import {
  CANARY,
  CLIENT_ID,
  HOSTILE_CHARS,
  hostileText,
  needles,
  rawUnsafe,
  shownLength,
} from '../../../tools/adversarial/src/forms';
import {
  HOSTILE_FIELDS,
  answer,
  freshJwt,
  startHostile,
} from '../../../tools/adversarial/src/hostile-http';

const TEXT = `${hostileText('express')} client_secret=${CANARY}`;
/** The fields a failing answer carries (the others succeed: nothing to answer or log). */
const FAILING = ['error', 'error_description', 'Spring message', 'token_type', 'Content-Type'];

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** Every line a logger is given, at any level. */
function recorder() {
  const lines: string[] = [];
  const push = (line: string) => void lines.push(line);
  return { lines, logger: { debug: push, info: push, warn: push, error: push, log: push } };
}

/**
 * No raw unshowable character (JSON's own escapes are fine; `layout`: a page's own line feeds
 * too), no secret, each line capped.
 */
function expectSafe(texts: readonly string[], what: string, layout = false): void {
  for (const text of texts) {
    expect(rawUnsafe(text, layout), `${what}: ${text.slice(0, 80)}`).toEqual([]);
    expect(shownLength(text.replace(/^\[adumo-oauth\] /, '')), what).toBeLessThanOrEqual(2048);
    for (const { name, needle } of needles(CANARY, CLIENT_ID))
      expect(text.includes(needle), `${what}: the secret (${name})`).toBe(false);
    expect(text).not.toMatch(/^FORGED/m);
  }
}

describe.each(FRAMEWORKS)('%s: a hostile token endpoint', (_name, createApp) => {
  it.each(FAILING)('%s: problem+json with fixed wording, logs escaped', async (field) => {
    const server = await startHostile((_r, res) => HOSTILE_FIELDS[field]!(TEXT)(res));
    cleanup.push(() => server.close());
    const core = recorder();
    const middleware = recorder();
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      retry: { maxAttempts: 1 },
      logger: core.logger,
    });
    cleanup.push(() => tokens.close());
    const app = await startApp(createApp, tokens, `http://127.0.0.1:${server.port}`, {
      logger: middleware.logger,
    });
    cleanup.push(() => app.close());
    const res = await fetch(`${app.url}/token`);
    const body = await res.text();
    expect(res.status).toBe(502);
    expect(JSON.parse(body)).toMatchObject({ type: 'about:blank', status: 502 });
    expect((JSON.parse(body) as { detail: string }).detail).toMatch(/^The payment gateway/);
    expectSafe([body], 'problem+json');
    expect(middleware.lines).toHaveLength(1);
    expectSafe(middleware.lines, 'failure log');
    expectSafe(core.lines, 'core log');
    const logged = [...middleware.lines, ...core.lines].join('\n');
    expect(logged).toContain(field === 'Content-Type' ? '\\u0085' : '\\u001b');
  });

  it("Express's own final handler (no adumoErrorHandler) answers nothing from the endpoint", async () => {
    const server = await startHostile((_r, res) => HOSTILE_FIELDS['error_description']!(TEXT)(res));
    cleanup.push(() => server.close());
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      retry: { maxAttempts: 1 },
    });
    cleanup.push(() => tokens.close());
    const app = await startApp(createApp, tokens, `http://127.0.0.1:${server.port}`, {
      errorHandler: false,
      logger: false,
    });
    cleanup.push(() => app.close());
    const res = await fetch(`${app.url}/token`);
    const body = await res.text();
    expect(res.status).toBe(502);
    expectSafe([body], 'final handler', true); // an HTML page: its own line feeds are layout
    expect(body).not.toContain('express:');
  });
});

describe.each(FRAMEWORKS)('%s: hostile merchant ids and resolver errors', (_name, createApp) => {
  it('every class of character in a merchant id → 400 fixed wording; a hostile resolver error → 503, one escaped log line', async () => {
    const server = await startHostile((_r, res) =>
      answer(
        res,
        200,
        JSON.stringify({ access_token: freshJwt(), token_type: 'bearer', expires_in: 600 }),
      ),
    );
    cleanup.push(() => server.close());
    const ids = [...Object.values(HOSTILE_CHARS).map((ch) => `m${ch}1`), TEXT, 'throws'];
    const core = recorder();
    const middleware = recorder();
    const pool = new TokenPool({
      tokenUrl: server.tokenUrl,
      logger: core.logger,
      credentials: (id) => {
        if (id === 'throws')
          throw Object.assign(new Error(TEXT), { name: 'Vault\u202eError', code: TEXT });
        return { clientId: CLIENT_ID, clientSecret: CANARY };
      },
    });
    cleanup.push(() => pool.close());
    const app = createApp();
    app.get(
      '/m/:n',
      adumoToken({
        pool,
        merchant: (req) => ids[Number(req.params.n)],
        logger: middleware.logger,
      }),
      (req: Request, res: Response) => {
        res.json({ merchant: getAdumo(req).merchantId === undefined });
      },
    );
    app.use(adumoErrorHandler());
    app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ passedOn: error.message });
    });
    const http = createServer(app).listen(0, '127.0.0.1');
    await once(http, 'listening');
    cleanup.push(() => new Promise((resolve) => http.close(resolve)));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const bodies: string[] = [];
    for (let n = 0; n < ids.length; n++) {
      const res = await fetch(`${url}/m/${n}`);
      const body = await res.text();
      bodies.push(body);
      const expected = ids[n] === 'throws' ? 503 : 400;
      expect(res.status, JSON.stringify(ids[n])).toBe(expected);
      expect(JSON.parse(body)).toMatchObject({
        code: expected === 400 ? 'invalid_merchant' : 'credentials_unavailable',
      });
    }
    expectSafe(bodies, 'answers');
    expect(middleware.lines).toHaveLength(1); // the resolver failure; refused ids are 4xx
    expect(middleware.lines[0]).toMatch(/^\[adumo-oauth\] merchant throws: token request failed/);
    expectSafe(middleware.lines, 'failure log');
    expectSafe(core.lines, 'core log');
  });
});
