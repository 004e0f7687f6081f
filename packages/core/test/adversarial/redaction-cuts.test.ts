/**
 * Issue 12, attacks 1, 2 and 6 (continued): redaction before any cut, whole tokens the manager has
 * seen, and the retry / storeError events.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src';
import { testHooks } from '../../src/timers';
import { CANARY, CLIENT_ID, forms, needles, sweep, tokenNeedles } from './forms';
import {
  against,
  answer,
  attempt,
  capturedManager,
  eventErrorTexts,
  expectAttacked,
  opaqueToken,
  startHostile,
  tokenAnswer,
  type Hostile,
} from './hostile-server';

const SECRET_NEEDLES = needles(CANARY, CLIENT_ID);
const servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('adversarial: retry and storeError events', () => {
  it('retry events of a 503 that echoes the secret in every form (3 attempts)', async () => {
    const echo = [...forms(CANARY, CLIENT_ID).values()].join(' | ');
    const r = await against(
      servers,
      (_req, res) =>
        answer(res, 503, JSON.stringify({ error: 'server_error', error_description: echo }), {
          'retry-after': '0',
        }),
      { retry: { maxAttempts: 3 }, ...testHooks({ sleep: () => Promise.resolve() }) },
    );
    expectAttacked(r);
    expect(r.produced.some((p) => p.where.startsWith('event retry'))).toBe(true);
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it('a storeError whose store error message and cause echo the secret and the pair', async () => {
    const server = await startHostile((_r, res) => tokenAnswer(res, opaqueToken().value));
    servers.push(server);
    const inner = new MemoryTokenStore();
    const leak = (): Error =>
      new Error(`WRONGPASS ${CANARY} ${Buffer.from(`${CLIENT_ID}:${CANARY}`).toString('base64')}`, {
        cause: new Error(encodeURIComponent(CANARY)),
      });
    const { tokens, produced, events } = capturedManager(server.tokenUrl, {
      store: {
        get: () => Promise.reject(leak()),
        set: (k, v) => inner.set(k, v),
        delete: (k, v) => inner.delete(k, v),
      },
    });
    await attempt(tokens, produced);
    produced.push(...(await eventErrorTexts(events)));
    await tokens.close();
    expect(produced.some((p) => p.where.startsWith('event storeError'))).toBe(true);
    expect(sweep(produced, SECRET_NEEDLES)).toEqual([]);
  });
});

describe('adversarial: redact first, truncate after', () => {
  /** 20 KB of text with the canary straddling each usual cut point. */
  function straddling(length: number, cuts: readonly number[]): string {
    let text = 'x'.repeat(length);
    for (const cut of cuts) {
      const at = cut - Math.floor(CANARY.length / 2);
      text = text.slice(0, at) + CANARY + text.slice(at + CANARY.length);
    }
    return text;
  }

  it('a 20 KB error_description with the secret straddling character 300 (and 256, 500, 1000, 2048, 4096, 16384)', async () => {
    const description = straddling(20_000, [256, 300, 500, 1000, 2048, 4096, 16384]);
    const r = await against(servers, (_req, res) =>
      answer(res, 401, JSON.stringify({ error: 'invalid_client', error_description: description })),
    );
    expectAttacked(r);
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it('a 100 KB body with the secret straddling 300, 8192, 65536 (64 KiB) and 100000, read via err.response.text()', async () => {
    const body = straddling(110_000, [300, 8192, 32768, 65536, 100_000]);
    const r = await against(servers, (_req, res) =>
      answer(res, 500, body, { 'content-type': 'text/plain' }),
    );
    expectAttacked(r);
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it('a low-level error whose 20 KB message has the secret straddling character 300 (truncate-then-redact)', async () => {
    const message = straddling(20_000, [300, 1000]);
    const server = await startHostile((_r, res) => answer(res, 500, '{}'));
    servers.push(server);
    const { tokens, produced, events } = capturedManager(server.tokenUrl, {
      fetch: () =>
        Promise.reject(
          // The message itself first (a cut at 300 of it straddles the secret), then a cause
          // behind undici's usual 'fetch failed'.
          new TypeError(message, {
            cause: new TypeError('fetch failed', { cause: new Error(message) }),
          }),
        ),
    });
    const outcome = await attempt(tokens, produced);
    produced.push(...(await eventErrorTexts(events)));
    await tokens.close();
    expect((outcome as { code?: unknown }).code).toBe('network');
    expect(sweep(produced, SECRET_NEEDLES)).toEqual([]);
  });
});

describe('adversarial: whole tokens the manager has seen', () => {
  it("an opaque token echoed in Spring's `Access token expired: <token>` error_description", async () => {
    const token = opaqueToken('spring');
    const r = await against(
      servers,
      (req, res) => {
        if (req.n === 1) return tokenAnswer(res, token.value);
        answer(
          res,
          401,
          JSON.stringify({
            error: 'invalid_token',
            error_description: `Access token expired: ${token.value}`,
          }),
        );
      },
      {},
      2,
    );
    expect((r.outcome as { code?: unknown }).code).toBe('token_endpoint');
    expect(sweep(r.produced, tokenNeedles(token.value, token.random))).toEqual([]);
  });

  it('a JWT echoed whole, percent-encoded and JSON-escaped in error_description, a header and the body', async () => {
    const random = opaqueToken().random;
    const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    const value = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ exp: 4_000_000_000, jti: 'jti-shown-on-purpose' })}.${random}`;
    const r = await against(
      servers,
      (req, res) => {
        if (req.n === 1) return tokenAnswer(res, value);
        answer(
          res,
          401,
          JSON.stringify({
            error: 'invalid_token',
            error_description: `bad ${value} / ${encodeURIComponent(value)}`,
          }),
          {
            'x-token': encodeURIComponent(value),
            'www-authenticate': `Bearer error="invalid_token", token="${value}"`,
          },
        );
      },
      {},
      2,
    );
    expect((r.outcome as { code?: unknown }).code).toBe('token_endpoint');
    expect(sweep(r.produced, tokenNeedles(value, random))).toEqual([]);
  });

  it('an opaque token echoed by value in free text, a header and the body', async () => {
    const token = opaqueToken('free');
    const r = await against(
      servers,
      (req, res) => {
        if (req.n === 1) return tokenAnswer(res, token.value);
        answer(
          res,
          503,
          `{"error":"server_error","error_description":"cannot rotate (${token.value}) now"}`,
          {
            'x-old-token': token.value,
            'x-old-token-enc': encodeURIComponent(token.value),
          },
        );
      },
      {},
      2,
    );
    expect((r.outcome as { code?: unknown }).code).toBe('token_endpoint');
    expect(sweep(r.produced, tokenNeedles(token.value, token.random))).toEqual([]);
  });

  it('an opaque token without a dot, JSON-escaped with \\/ in a text/plain body', async () => {
    const random = opaqueToken().random;
    const value = `Zq/${random}/w==`;
    const r = await against(
      servers,
      (req, res) => {
        if (req.n === 1) return tokenAnswer(res, value);
        answer(res, 500, `token "${value.replace(/\//g, '\\/')}" rejected; raw=${value}`, {
          'content-type': 'text/plain',
        });
      },
      {},
      2,
    );
    expect((r.outcome as { code?: unknown }).code).toBe('token_endpoint');
    expect(sweep(r.produced, tokenNeedles(value, random))).toEqual([]);
    expect(inspect(r.outcome, { showHidden: true, depth: 10 })).not.toContain(random);
  });
});
